package org.stackport.gateway.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.vaadin.browserless.SpringBrowserlessTest;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.internal.PendingJavaScriptInvocation;
import com.vaadin.flow.internal.StateNode;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.context.ActiveProfiles;
import org.stackport.simulator.SimulatorLauncher;

/** The gateway wizard checks each step on Next and starts each step on its first field (browserless). */
@SpringBootTest
@ActiveProfiles("test")
@WithMockUser(username = "admin", roles = {"USER", "TENANT_ADMIN"})
class GatewayWizardStepsTest extends SpringBrowserlessTest {

    @Autowired
    SimulatorLauncher launcher;
    @Autowired
    JdbcClient jdbc;

    GatewayWizard open() {
        GatewaysView view = navigate(GatewaysView.class);
        test(view.register).click();
        roundTrip();
        return view.wizard;
    }

    /** The node of the component the last focus call went to since the previous look, if any. */
    StateNode lastFocused() {
        roundTrip();
        return UI.getCurrent().getInternals().dumpPendingJavaScriptInvocations().stream()
                .filter(i -> i.getInvocation().getExpression().contains("focus("))
                .map(PendingJavaScriptInvocation::getOwner)
                .reduce((first, second) -> second).orElse(null);
    }

    List<String> problems(GatewayWizard w, int step) {
        return w.stepProblems.get(step).getChildren().skip(1).findFirst().stream()
                .flatMap(list -> list.getChildren().map(item -> item.getElement().getText())).toList();
    }

    @Test
    void the_wizard_opens_with_the_focus_on_the_gateway_name_and_each_step_on_its_first_field() {
        GatewayWizard w = open();
        assertThat(lastFocused()).isSameAs(w.name.getElement().getNode());
        test(w.name).setValue("steps-focus");
        test(w.next).click();
        assertThat(lastFocused()).isSameAs(w.httpsProxy.getElement().getNode());
        test(w.next).click();
        assertThat(lastFocused()).isSameAs(w.identityEndpoint.getElement().getNode());
    }

    @Test
    void next_stays_on_the_gateway_step_until_the_name_is_given_and_well_formed() {
        GatewayWizard w = open();
        test(w.next).click();
        assertThat(w.stepTitle.getText()).isEqualTo("Step 1 of 5: Gateway");
        assertThat(w.name.isInvalid()).isTrue();
        assertThat(w.name.getErrorMessage()).isEqualTo("Is required");
        assertThat(w.stepProblems.getFirst().isVisible()).isTrue();
        assertThat(problems(w, 0)).containsExactly("Private cloud gateway name: is required");
        assertThat(lastFocused()).isSameAs(w.name.getElement().getNode());

        test(w.name).setValue("Bad Name");
        test(w.cloudAccount).setValue("also bad");
        test(w.next).click();
        assertThat(w.stepTitle.getText()).isEqualTo("Step 1 of 5: Gateway");
        assertThat(w.cloudAccount.isInvalid()).isTrue();
        assertThat(problems(w, 0)).hasSize(2);

        test(w.name).setValue("steps-name");
        test(w.cloudAccount).setValue("");
        test(w.next).click();
        assertThat(w.stepTitle.getText()).isEqualTo("Step 2 of 5: Environment");
        assertThat(w.name.isInvalid()).isFalse();
        assertThat(w.stepProblems.getFirst().isVisible()).isFalse();
    }

    @Test
    void the_environment_and_openstack_steps_hold_on_wrong_formats_and_missing_credentials_before_asking_keystone() {
        GatewayWizard w = open();
        test(w.name).setValue("steps-env");
        test(w.next).click();
        test(w.podCidr).setValue("192.168.0.0");
        test(w.httpsProxy).setValue("proxy.example:3128");
        test(w.proxyCaPath).setValue("certs/ca.crt");
        test(w.next).click();
        assertThat(w.stepTitle.getText()).isEqualTo("Step 2 of 5: Environment");
        assertThat(w.podCidr.isInvalid()).isTrue();
        assertThat(w.httpsProxy.isInvalid()).isTrue();
        assertThat(w.httpProxy.isInvalid()).isTrue();
        assertThat(w.proxyCaPath.isInvalid()).isTrue();
        assertThat(problems(w, 1)).contains("Pod CIDR: is not an IPv4 CIDR like 192.168.0.0/16",
                "HTTP proxy: is required as well: a proxy needs both the HTTP and the HTTPS setting");
        test(w.podCidr).setValue("192.168.0.0/16");
        test(w.httpsProxy).setValue("");
        test(w.proxyCaPath).setValue("");
        test(w.next).click();
        assertThat(w.stepTitle.getText()).isEqualTo("Step 3 of 5: OpenStack");

        test(w.identityEndpoint).setValue("keystone.example");
        test(w.next).click();
        assertThat(w.stepTitle.getText()).isEqualTo("Step 3 of 5: OpenStack");
        assertThat(w.identityEndpoint.getErrorMessage()).startsWith("Must be an http(s) URL");
        assertThat(w.username.isInvalid()).isTrue();
        assertThat(w.password.isInvalid()).isTrue();
        assertThat(w.project.isInvalid()).isTrue();
        assertThat(w.cloudSummary.getText()).isEmpty();
        assertThat(lastFocused()).isSameAs(w.identityEndpoint.getElement().getNode());

        test(w.identityEndpoint).setValue(launcher.simulator().identityEndpoint());
        test(w.username).setValue("demo");
        test(w.password).setValue("demo");
        test(w.project).setValue("dev");
        test(w.next).click();
        assertThat(w.stepTitle.getText()).isEqualTo("Step 4 of 5: Placement");
        assertThat(w.stepProblems.get(2).isVisible()).isFalse();
    }

    @Test
    void the_placement_step_needs_a_network_and_subnet_or_for_dynamic_placement_a_node_range_and_dns() {
        GatewayWizard w = open();
        test(w.name).setValue("steps-placement");
        test(w.next).click();
        test(w.next).click();
        test(w.identityEndpoint).setValue(launcher.simulator().identityEndpoint());
        test(w.username).setValue("demo");
        test(w.password).setValue("demo");
        test(w.project).setValue("dev");
        test(w.next).click();
        assertThat(w.stepTitle.getText()).isEqualTo("Step 4 of 5: Placement");
        test(w.next).click();
        assertThat(w.stepTitle.getText()).isEqualTo("Step 4 of 5: Placement");
        assertThat(w.network.isInvalid()).isTrue();
        assertThat(problems(w, 3)).contains("Network: is required");

        test(w.placement).selectItem("Dynamic: Stackport creates a network");
        test(w.nodeCidr).setValue("10.10.0.0/24");
        test(w.dnsServers).setValue("dns.example");
        test(w.sshPublicKey).setValue("not a key");
        test(w.next).click();
        assertThat(w.stepTitle.getText()).isEqualTo("Step 4 of 5: Placement");
        assertThat(w.dnsServers.isInvalid()).isTrue();
        assertThat(w.sshPublicKey.isInvalid()).isTrue();
        assertThat(w.nodeCidr.isInvalid()).isFalse();

        test(w.dnsServers).setValue("8.8.8.8");
        test(w.sshPublicKey).setValue("");
        test(w.next).click();
        assertThat(w.stepTitle.getText()).isEqualTo("Step 5 of 5: Machine");
        assertThat(jdbc.sql("select count(*) from gateway where name = 'steps-placement'").query(Long.class).single()).isZero();
    }
}
