package org.stackport.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.stackport.simulator.SimulatorLauncher;
import org.stackport.support.Api;

/**
 * The console's pages at a laptop's 1280×720 in a real Chromium: row actions in view, no grid wider than its
 * page, long values wrapped, the gateway's events grid tall enough to read; a screenshot of each page in
 * target/screenshots. Same shared context as {@link ConsoleIT}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleLayoutIT {

    static final String BOOTSTRAP_KEY = "sp-test-bootstrap-key-0123456789";
    static final int WIDTH = 1280;
    static final int HEIGHT = 720;

    static ConsoleBrowser browser;

    @RegisterExtension
    static final TestWatcher EVIDENCE = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            if (browser == null) {
                return;
            }
            try {
                String name = "failed-" + context.getRequiredTestMethod().getName();
                browser.screenshot(name);
                Files.writeString(ConsoleBrowser.SCREENSHOTS.resolve(name + ".html"), browser.driver().getPageSource());
            } catch (Exception ignored) {
                // evidence is best effort
            }
        }
    };

    @LocalServerPort
    int port;
    @Autowired
    SimulatorLauncher launcher;

    final String gateway = "e2e-layout-" + Integer.toString(ThreadLocalRandom.current().nextInt(46656, 1679616), 36)
            .toLowerCase(Locale.ROOT);

    @BeforeAll
    void startBrowser() {
        browser = new ConsoleBrowser(port);
        // the viewport itself, not the window around it, is what a 1280×720 laptop screen shows
        ((ChromeDriver) browser.driver()).executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", WIDTH, "height", HEIGHT, "deviceScaleFactor", 1, "mobile", false));
    }

    @AfterAll
    void stopBrowser() {
        if (browser != null) {
            browser.close();
            browser = null;
        }
    }

    void signInAsAdmin() {
        browser.signOut();
        browser.open("/");
        browser.submitLogin(ConsoleIT.ADMIN, ConsoleIT.ADMIN_PASSWORD);
        browser.byId("clusters-view");
        assertThat(browser.js("return [window.innerWidth, window.innerHeight]")).isEqualTo(List.of(1280L, 720L));
    }

    /** Opens a page, waits until its grids have rows (or there are none to wait for) and takes its picture. */
    void show(String path, String screenshot) {
        browser.open(path);
        browser.waitUntil(d -> path.equals(browser.path()));
        browser.settle();
        browser.waitUntil(d -> Boolean.TRUE.equals(browser.js("""
                return Array.from(document.querySelectorAll('vaadin-grid'))
                    .every(g => g.offsetParent === null || (g.size || 0) === 0
                        || g.querySelector('vaadin-grid-cell-content') !== null);""")));
        browser.settle();
        browser.screenshot(screenshot);
    }

    /** Visible grids whose content is wider than the grid: the user would have to scroll sideways. */
    @SuppressWarnings("unchecked")
    List<String> gridsScrollingSideways() {
        return (List<String>) browser.js("""
                return Array.from(document.querySelectorAll('vaadin-grid'))
                    .filter(g => g.offsetParent !== null)
                    .filter(g => { const t = g.shadowRoot.querySelector('#table'); return t.scrollWidth > t.clientWidth + 1; })
                    .map(g => (g.id || 'grid') + ': ' + g.shadowRoot.querySelector('#table').scrollWidth + ' > '
                        + g.shadowRoot.querySelector('#table').clientWidth);""");
    }

    /** Elements matching the selector whose box is not fully inside the viewport's width. */
    @SuppressWarnings("unchecked")
    List<String> outsideTheViewport(String selector) {
        return (List<String>) browser.js("""
                return Array.from(document.querySelectorAll(arguments[0]))
                    .filter(e => e.offsetParent !== null)
                    .map(e => [e, e.getBoundingClientRect()])
                    .filter(([e, r]) => r.left < 0 || r.right > window.innerWidth)
                    .map(([e, r]) => (e.id || e.tagName) + ' ' + Math.round(r.left) + '..' + Math.round(r.right));""",
                selector);
    }

    @Test
    void the_cloud_accounts_and_gateway_pages_fit_a_laptop_screen() {
        String sshKey = "ssh-rsa AAAAB3NzaC1yc2E" + "QABAAACAQC7".repeat(60) + " operator@workstation";
        Api.Response registered = new Api(port).post("/api/v1/gateways", BOOTSTRAP_KEY, """
                {"name":"%s","cloudType":"openstack","mode":"direct","size":1,"shareAcrossProjects":true,
                 "openstack":{"identityEndpoint":"%s","username":"demo","password":"demo","domain":"Default","region":"RegionOne",
                   "project":"dev","placement":{"type":"static","network":"private","subnet":"private-subnet"},
                   "sshPublicKey":"%s","availabilityZone":"nova","patchOsOnBoot":true,"rebootAfterPatch":true},
                 "proxy":{"https":"","http":"","noProxy":[]},"podCidr":"192.168.0.0/16","serviceCidr":"10.96.0.0/12"}"""
                .formatted(gateway, launcher.simulator().identityEndpoint(), sshKey));
        assertThat(registered.status()).as(registered.body()).isEqualTo(201);
        signInAsAdmin();

        show("/tenant/cloud-accounts", "layout-tenant-cloud-accounts");
        browser.waitUntil(d -> !d.findElements(By.cssSelector("#cloud-accounts vaadin-menu-bar")).isEmpty());
        assertThat(browser.driver().findElements(By.cssSelector("#cloud-accounts vaadin-menu-bar"))).isNotEmpty();
        assertThat(outsideTheViewport("#cloud-accounts vaadin-menu-bar")).isEmpty();
        assertThat(gridsScrollingSideways()).isEmpty();

        show("/tenant/gateways", "layout-gateways");
        assertThat(gridsScrollingSideways()).isEmpty();
        assertThat(outsideTheViewport("#gateways vaadin-grid-cell-content")).isEmpty();

        show("/tenant/gateways/" + gateway, "layout-gateway-details");
        browser.waitUntil(d -> browser.text(browser.byId("gateway-facts")).contains("operator@workstation"));
        assertThat(outsideTheViewport("#gateway-facts span")).isEmpty();
        assertThat(((Number) browser.js("return document.getElementById('gateway-events').getBoundingClientRect().height"))
                .doubleValue()).isGreaterThan(200);
        browser.js("document.getElementById('gateway-events').scrollIntoView()");
        browser.settle();
        browser.screenshot("layout-gateway-details-events");
    }

    @Test
    void no_page_of_the_tenant_and_project_settings_scrolls_sideways() {
        signInAsAdmin();
        for (String path : List.of("/project-settings/cloud-accounts", "/tenant/projects", "/tenant/projects/default",
                "/tenant/users", "/tenant/api-keys", "/tenant/audit", "/api-keys", "/cluster-profiles", "/account/password")) {
            show(path, "layout" + path.replace('/', '-'));
            assertThat(gridsScrollingSideways()).as(path).isEmpty();
            assertThat(outsideTheViewport("vaadin-button, vaadin-menu-bar")).as(path).isEmpty();
        }
    }
}
