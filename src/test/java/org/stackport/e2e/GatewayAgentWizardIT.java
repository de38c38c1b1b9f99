package org.stackport.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
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
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import org.stackport.gateway.internal.GatewayInstallJob;
import org.stackport.simulator.SimulatorLauncher;
import org.stackport.support.Api;

/**
 * A tenant admin installs an agent gateway from the console's wizard in a real Chromium: the token is shown once,
 * Stackport puts the gateway's node into the embedded OpenStack (the install's passes are driven here as Quartz
 * would run them), the node's agent connects, and the gateway page shows it Running with its node; then it is
 * deleted from the page and nothing of it is left in the cloud.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GatewayAgentWizardIT {

    @LocalServerPort
    int port;
    @Autowired
    SimulatorLauncher launcher;
    @Autowired
    ApplicationContext context;
    @Autowired
    JdbcClient jdbc;

    ConsoleBrowser browser;
    final String name = "e2e-agw-" + Integer.toString(ThreadLocalRandom.current().nextInt(46656, 1679616), 36)
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
    void a_tenant_admin_installs_an_agent_gateway_from_the_wizard_and_sees_its_node_connected() throws Exception {
        try {
            walk();
        } catch (RuntimeException | AssertionError e) {
            browser.screenshot("failed-agent-gateway-wizard");
            throw e;
        }
    }

    /** Runs the gateway's install passes on a thread of its own, as Quartz does, until they rest. */
    void install(long id) throws InterruptedException {
        GatewayInstallJob.Passes passes = context.getBean(GatewayInstallJob.Passes.class);
        Thread t = Thread.ofPlatform().start(() -> {
            Instant end = Instant.now().plusSeconds(90);
            while (Instant.now().isBefore(end) && passes.pass(id).isPresent()) {
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        t.join(Duration.ofSeconds(100));
    }

    private void walk() throws Exception {
        browser.signOut();
        browser.open("/");
        browser.submitLogin(ConsoleIT.ADMIN, ConsoleIT.ADMIN_PASSWORD);
        browser.byId("clusters-view");

        browser.open("/tenant/gateways");
        browser.click("register-gateway");
        browser.waitUntil(d -> step().equals("Step 1 of 5: Gateway"));
        browser.type("gateway-name", name);
        // Agent is what the wizard offers
        browser.click("wizard-next");
        browser.waitUntil(d -> step().equals("Step 2 of 5: Environment"));
        browser.click("wizard-next");
        browser.waitUntil(d -> step().equals("Step 3 of 5: OpenStack"));
        browser.type("gateway-endpoint", launcher.simulator().identityEndpoint());
        browser.type("gateway-username", "demo");
        browser.type("gateway-password", "demo");
        browser.type("gateway-project", "dev");
        browser.click("wizard-next");
        browser.waitUntil(d -> step().equals("Step 4 of 5: Placement"));
        browser.choose("gateway-network", "private");
        browser.waitUntil(d -> browser.js("""
                const c = document.getElementById('gateway-subnet');
                return c.selectedItem ? c.selectedItem.label : null;""") != null);
        browser.click("wizard-next");
        browser.waitUntil(d -> step().equals("Step 5 of 5: Machine"));
        browser.click("wizard-register");

        // the token, once
        browser.waitUntil(d -> browser.present(By.id("gateway-token-dialog")));
        String token = String.valueOf(browser.js("return document.getElementById('gateway-agent-token').value;"));
        assertThat(token).startsWith("spgw_");
        browser.settle();
        browser.screenshot("agent-gateway-token");
        browser.click("gateway-token-done");
        browser.waitUntil(d -> !browser.present(By.id("gateway-token-dialog")));

        long id = jdbc.sql("select id from gateway where name = ?").param(name).query(Long.class).single();
        install(id);
        String uid = jdbc.sql("select uid from gateway where id = ?").param(id).query(String.class).single();
        String node = "spgw-" + uid.substring(0, 8) + "-0";

        browser.open("/tenant/gateways/" + name);
        browser.waitUntil(d -> browser.text(browser.byId("gateway-status")).contains("Running"));
        browser.waitUntil(d -> d.findElements(By.cssSelector("vaadin-grid-cell-content")).stream()
                .anyMatch(c -> node.equals(browser.text(c).strip())));
        browser.waitUntil(d -> d.findElements(By.cssSelector("vaadin-grid-cell-content")).stream()
                .anyMatch(c -> browser.text(c).strip().equals("Connected")));
        assertThat(String.valueOf(browser.js("return document.body.innerText;"))).doesNotContain(token);
        browser.settle();
        browser.screenshot("agent-gateway-details");
        browser.js("document.getElementById('gateway-nodes-section').scrollIntoView()");
        browser.settle();
        browser.screenshot("agent-gateway-nodes");

        Api api = new Api(port);
        assertThat(api.call("DELETE", "/api/v1/gateways/" + name, "sp-test-bootstrap-key-0123456789", null).status())
                .isEqualTo(204);
        install(id);
        assertThat(api.get("/api/v1/gateways/" + name, "sp-test-bootstrap-key-0123456789").status()).isEqualTo(404);
        assertThat(launcher.simulator().inventory()).noneMatch(r -> r.name() != null && r.name().startsWith("spgw-"
                + uid.substring(0, 8)));
    }
}
