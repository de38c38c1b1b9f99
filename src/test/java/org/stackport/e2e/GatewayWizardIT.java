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
import org.stackport.simulator.SimulatorLauncher;
import org.stackport.support.Api;

/**
 * A tenant admin registers a private cloud gateway through the console's wizard in a real Chromium, is
 * stopped on the OpenStack step by a wrong password, then sees the gateway and its cloud account, and the
 * gateway {@code Running} after its health check. Same shared context as {@link ConsoleIT}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GatewayWizardIT {

    @LocalServerPort
    int port;
    @Autowired
    SimulatorLauncher launcher;

    ConsoleBrowser browser;
    final String name = "e2e-gw-" + Integer.toString(ThreadLocalRandom.current().nextInt(46656, 1679616), 36)
            .toLowerCase(Locale.ROOT);

    @BeforeAll
    void startBrowser() {
        browser = new ConsoleBrowser(port).atLaptopSize();
    }

    @AfterAll
    void stopBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    String step() {
        return browser.byId("wizard-step").getText();
    }

    @Test
    void a_tenant_admin_registers_a_gateway_in_the_wizard_and_sees_it_running() {
        try {
            walk();
        } catch (RuntimeException | AssertionError e) {
            browser.screenshot("failed-gateway-wizard");
            throw e;
        }
    }

    private void walk() {
        browser.signOut();
        browser.open("/");
        browser.submitLogin(ConsoleIT.ADMIN, ConsoleIT.ADMIN_PASSWORD);
        browser.byId("clusters-view");

        browser.open("/tenant/gateways");
        browser.click("register-gateway");
        browser.waitUntil(d -> step().equals("Step 1 of 5: Gateway"));
        browser.waitUntil(d -> Boolean.TRUE.equals(browser.js(
                "const a = document.activeElement; return !!a && !!a.closest('#gateway-name');")));
        browser.click("wizard-next");
        assertThat(browser.fieldError("gateway-name")).isEqualTo("Is required");
        assertThat(browser.byId("wizard-step-problems-0").getText()).contains("Private cloud gateway name: is required");
        browser.settle();
        browser.screenshot("gateway-wizard-name-refused");
        browser.type("gateway-name", name);
        // a direct gateway: the health check reaches the simulator itself, no agent has to connect first
        browser.radio("gateway-mode", "Direct");
        browser.click("wizard-next");
        browser.waitUntil(d -> step().equals("Step 2 of 5: Environment"));
        browser.settle();
        browser.screenshot("gateway-wizard-environment");
        browser.click("wizard-next");
        browser.waitUntil(d -> step().equals("Step 3 of 5: OpenStack"));
        browser.type("gateway-endpoint", launcher.simulator().identityEndpoint());
        browser.type("gateway-username", "demo");
        browser.type("gateway-password", "not-the-password");
        browser.type("gateway-project", "dev");
        browser.click("wizard-next");
        assertThat(browser.fieldError("gateway-password")).contains("Keystone refused the credentials");
        assertThat(step()).isEqualTo("Step 3 of 5: OpenStack");
        browser.settle();
        browser.screenshot("gateway-wizard-refused");

        browser.type("gateway-password", "demo");
        browser.click("wizard-next");
        browser.waitUntil(d -> step().equals("Step 4 of 5: Placement"));
        browser.choose("gateway-network", "private");
        browser.waitUntil(d -> browser.js("""
                const c = document.getElementById('gateway-subnet');
                return c.selectedItem ? c.selectedItem.label : null;""") != null);
        browser.settle();
        browser.screenshot("gateway-wizard-placement");
        browser.click("wizard-next");
        browser.waitUntil(d -> step().equals("Step 5 of 5: Machine"));
        browser.click("wizard-register");
        browser.waitUntil(d -> !browser.present(By.id("gateway-wizard")));
        browser.waitUntil(d -> d.findElements(By.cssSelector("vaadin-grid-cell-content")).stream()
                .anyMatch(c -> name.equals(browser.text(c).strip())));
        assertThat(browser.notifications()).anyMatch(n -> n.contains("Gateway " + name + " registered"));
        browser.settle();
        browser.screenshot("gateways-view");

        browser.open("/tenant/gateways/" + name);
        browser.waitUntil(d -> browser.text(browser.byId("gateway-status")).contains("Installing"));
        browser.click("gateway-check-now");
        browser.waitUntil(d -> browser.text(browser.byId("gateway-status")).contains("Running"));
        browser.waitUntil(d -> d.findElements(By.cssSelector("vaadin-grid-cell-content")).stream()
                .anyMatch(c -> browser.text(c).startsWith("First health check succeeded")));
        browser.settle();
        browser.screenshot("gateway-details");

        browser.open("/tenant/cloud-accounts");
        browser.waitUntil(d -> d.findElements(By.cssSelector("vaadin-grid-cell-content")).stream()
                .anyMatch(c -> name.equals(browser.text(c).strip())));
        assertThat(new Api(port).get("/api/v1/gateways/" + name, "sp-test-bootstrap-key-0123456789").body())
                .contains("\"status\":\"Running\"");
    }
}
