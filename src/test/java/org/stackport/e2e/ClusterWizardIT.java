package org.stackport.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.stackport.cluster.ProfileFixture;

/**
 * A project admin walks the whole cluster wizard in a real Chromium against the simulator's inventory: basic
 * information, profile, parameters, account and placement, node pools, policies, review with plan and preflight,
 * deploy; and lands on the new cluster's page.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClusterWizardIT {

    @LocalServerPort
    int port;
    @Autowired
    ProfileFixture profiles;

    ConsoleBrowser browser;
    final String name = "e2e-cl-" + Integer.toString(ThreadLocalRandom.current().nextInt(46656, 1679616), 36)
            .toLowerCase(Locale.ROOT);

    @BeforeAll
    void start() {
        profiles.ensure("e2e-profile");
        browser = new ConsoleBrowser(port);
        // the size the outside tester looked at
        browser.driver().manage().window().setSize(new Dimension(1280, 720));
        ((ChromeDriver) browser.driver()).executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", 1280, "height", 720, "deviceScaleFactor", 1, "mobile", false));
    }

    @AfterAll
    void stop() {
        if (browser != null) {
            browser.close();
        }
    }

    String step() {
        return browser.byId("cluster-wizard-step").getText();
    }

    void next(String expected) {
        browser.click("cluster-next");
        browser.waitUntil(d -> step().equals(expected));
    }

    /** Whether keyboard focus is inside the element with this id. */
    boolean focusIn(String id) {
        return Boolean.TRUE.equals(browser.js("const a = document.activeElement; return !!a && !!a.closest('#' + arguments[0]);", id));
    }

    /** Picks items of a vaadin-multi-select-combo-box by typing each and clicking its suggestion. */
    void chooseZones(String id, String... zones) {
        for (String zone : zones) {
            WebElement input = browser.visible(By.cssSelector("#" + id + " input"));
            input.clear();
            input.sendKeys(zone);
            // the suggestion can be displayed before the overlay lets it be clicked: try until the click lands
            browser.waitUntil(d -> d.findElements(By.cssSelector("vaadin-multi-select-combo-box-item")).stream()
                    .filter(WebElement::isDisplayed).filter(e -> zone.equals(browser.text(e).strip())).findFirst()
                    .map(e -> {
                        try {
                            e.click();
                            return Boolean.TRUE;
                        } catch (org.openqa.selenium.ElementNotInteractableException
                                 | org.openqa.selenium.StaleElementReferenceException notYet) {
                            return null;
                        }
                    }).orElse(null));
            input.sendKeys(Keys.ESCAPE);
        }
        browser.js("document.activeElement.blur()");
        browser.waitUntil(d -> Boolean.TRUE.equals(browser.js(
                "return document.getElementById(arguments[0]).selectedItems.length === arguments[1]", id, zones.length)));
    }

    @Test
    void a_project_admin_walks_the_wizard_and_lands_on_the_new_cluster() {
        try {
            walk();
        } catch (RuntimeException | AssertionError e) {
            browser.screenshot("failed-cluster-wizard");
            throw e;
        }
    }

    private void walk() {
        browser.signOut();
        browser.open("/");
        browser.submitLogin(ConsoleIT.ADMIN, ConsoleIT.ADMIN_PASSWORD);
        browser.byId("clusters-view");
        browser.click("new-cluster");
        browser.waitUntil(d -> step().equals("Step 1 of 7: Basic information"));
        browser.waitUntil(d -> focusIn("cluster-name"));
        // Next on an empty step stays there and says why, on the field and on top
        browser.click("cluster-next");
        assertThat(browser.fieldError("cluster-name")).isEqualTo("Is required");
        assertThat(browser.byId("cluster-step-problems-0").getText()).contains("Cluster name: is required");
        assertThat(step()).isEqualTo("Step 1 of 7: Basic information");
        browser.settle();
        browser.screenshot("cluster-wizard-basics-refused");
        browser.type("cluster-name", name);
        browser.type("cluster-tags", "env:e2e");
        next("Step 2 of 7: Cluster profile");
        browser.waitUntil(d -> focusIn("cluster-profile"));
        browser.choose("cluster-profile", "e2e-profile");
        browser.waitUntil(d -> d.findElements(By.cssSelector("#cluster-profile-layers vaadin-grid-cell-content")).stream()
                .anyMatch(c -> "k8s".equals(browser.text(c).strip())));
        browser.settle();
        browser.screenshot("cluster-wizard-profile");
        next("Step 3 of 7: Parameters");
        browser.settle();
        browser.screenshot("cluster-wizard-parameters");
        next("Step 4 of 7: Cloud account and placement");
        browser.choose("cluster-account", "local-openstack");
        browser.waitUntil(d -> "demo-key".equals(browser.js(
                "const c = document.getElementById('cluster-ssh-key'); return c.selectedItem ? c.selectedItem.label : c.value;")));
        browser.choose("cluster-network", "private");
        browser.waitUntil(d -> browser.js(
                "const c = document.getElementById('cluster-subnet'); return c.selectedItem ? c.selectedItem.label : null;") != null);
        browser.settle();
        browser.screenshot("cluster-wizard-placement");
        next("Step 5 of 7: Node pools");
        browser.settle();
        browser.screenshot("cluster-wizard-pools");
        // no zone was chosen for the user: Next names the zone fields of both pools
        browser.click("cluster-next");
        assertThat(browser.fieldError("master-pool-zones")).contains("Choose at least one availability zone");
        browser.settle();
        browser.screenshot("cluster-wizard-pools-refused");
        chooseZones("master-pool-zones", "nova");
        chooseZones("worker-pool-zones-0", "nova", "az1");
        browser.js("arguments[0].scrollIntoView()", browser.byId("worker-pool-name-0"));
        browser.settle();
        browser.screenshot("cluster-wizard-worker-pool");
        next("Step 6 of 7: Policies");
        browser.type("cluster-scan-schedule", "0 3 * * 0");
        browser.type("cluster-backup-schedule", "0 2 * * *");
        next("Step 7 of 7: Review");
        browser.waitUntil(d -> browser.byId("cluster-verdict").getText().startsWith("Every check passes"));
        assertThat(browser.byId("cluster-summary").getText()).contains("labels none; taints none")
                .contains("scan schedule 0 3 * * 0; backup schedule 0 2 * * *, kept 7 day(s)");
        // the preflight's details wrap instead of being cut off
        assertThat(browser.js("""
                return Array.from(document.querySelectorAll('#cluster-preflight vaadin-grid-cell-content'))
                    .every(c => c.scrollWidth <= c.clientWidth + 1);""")).isEqualTo(Boolean.TRUE);
        browser.settle();
        browser.screenshot("cluster-wizard-review");
        browser.js("arguments[0].scrollIntoView()", browser.byId("cluster-preflight"));
        browser.settle();
        browser.screenshot("cluster-wizard-review-preflight");
        browser.click("cluster-deploy");
        browser.waitUntil(d -> browser.path().equals("/clusters/" + name));
        browser.waitUntil(d -> name.equals(browser.byId("cluster-title").getText()));
        assertThat(browser.text(browser.byId("cluster-status"))).contains("Pending");
        assertThat(browser.byId("cluster-view").getText()).contains("Policies")
                .contains("backup schedule 0 2 * * *, kept 7 day(s)").doesNotContainPattern("\\d{4}-\\d{2}-\\d{2}T");
        browser.settle();
        browser.screenshot("cluster-page");

        browser.open("/clusters");
        browser.waitUntil(d -> d.findElements(By.cssSelector("vaadin-grid-cell-content")).stream()
                .anyMatch(c -> name.equals(browser.text(c).strip())));
        browser.settle();
        browser.screenshot("clusters-list");
    }
}
