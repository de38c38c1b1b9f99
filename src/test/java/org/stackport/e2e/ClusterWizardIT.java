package org.stackport.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
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
        browser.type("cluster-name", name);
        browser.type("cluster-tags", "env:e2e");
        next("Step 2 of 7: Cluster profile");
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
        next("Step 6 of 7: Policies");
        next("Step 7 of 7: Review");
        browser.waitUntil(d -> browser.byId("cluster-verdict").getText().startsWith("Every check passes"));
        browser.settle();
        browser.screenshot("cluster-wizard-review");
        browser.click("cluster-deploy");
        browser.waitUntil(d -> browser.path().equals("/clusters/" + name));
        browser.waitUntil(d -> name.equals(browser.byId("cluster-title").getText()));
        assertThat(browser.text(browser.byId("cluster-status"))).contains("Pending");
        browser.settle();
        browser.screenshot("cluster-page");

        browser.open("/clusters");
        browser.waitUntil(d -> d.findElements(By.cssSelector("vaadin-grid-cell-content")).stream()
                .anyMatch(c -> name.equals(browser.text(c).strip())));
        browser.settle();
        browser.screenshot("clusters-list");
    }
}
