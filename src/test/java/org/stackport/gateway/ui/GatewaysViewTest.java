package org.stackport.gateway.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.vaadin.browserless.SpringBrowserlessTest;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.notification.Notification;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.context.ActiveProfiles;
import org.stackport.gateway.GatewayView;
import org.stackport.simulator.SimulatorLauncher;
import org.stackport.ui.EmptyState;

@SpringBootTest
@ActiveProfiles("test")
@WithMockUser(username = "admin", roles = {"USER", "TENANT_ADMIN"})
class GatewaysViewTest extends SpringBrowserlessTest {

    @Autowired
    SimulatorLauncher launcher;
    @Autowired
    JdbcClient jdbc;

    List<GatewayView> rows(GatewaysView view) {
        return IntStream.range(0, test(view.grid).size()).mapToObj(i -> test(view.grid).getRow(i)).toList();
    }

    long count(String table, String name) {
        return jdbc.sql("select count(*) from " + table + " where name = :n").param("n", name).query(Long.class).single();
    }

    /** Fills the first three steps and goes past the OpenStack step (which asks Keystone), for an agent gateway. */
    GatewayWizard throughCredentials(GatewaysView view, String name, String password) {
        return throughCredentials(view, name, password, "Agent");
    }

    /** The same for the mode chosen ("Agent" or "Direct"). */
    GatewayWizard throughCredentials(GatewaysView view, String name, String password, String mode) {
        test(view.register).click();
        roundTrip();
        GatewayWizard w = view.wizard;
        assertThat(w.isOpened()).isTrue();
        test(w.name).setValue(name);
        test(w.mode).selectItem(mode);
        test(w.next).click();
        test(w.next).click();
        assertThat(w.stepTitle.getText()).isEqualTo("Step 3 of 5: OpenStack");
        test(w.identityEndpoint).setValue(launcher.simulator().identityEndpoint());
        test(w.username).setValue("demo");
        test(w.password).setValue(password);
        test(w.project).setValue("dev");
        test(w.next).click();
        return w;
    }

    @Test
    void the_embedded_gateway_is_listed_running_with_its_cloud_account() {
        GatewaysView view = navigate(GatewaysView.class);
        assertThat(rows(view)).anySatisfy(g -> {
            assertThat(g.name()).isEqualTo("local-gateway");
            assertThat(g.status()).isEqualTo("Running");
            assertThat(g.cloudAccount()).isEqualTo("local-openstack");
        });
    }

    @Test
    void the_wizard_registers_a_gateway_with_the_clouds_networks_offered_and_its_account_is_created() {
        GatewaysView view = navigate(GatewaysView.class);
        GatewayWizard w = throughCredentials(view, "wizard-gw", "demo");
        assertThat(w.stepTitle.getText()).isEqualTo("Step 4 of 5: Placement");
        assertThat(w.cloudSummary.getText()).contains("Keystone accepted demo for project dev");
        assertThat(w.network.getListDataView().getItems().toList()).contains("private");
        test(w.network).selectItem("private");
        assertThat(w.subnet.getListDataView().getItems().toList()).containsExactly("private-subnet");
        assertThat(w.subnet.getValue()).isEqualTo("private-subnet");
        assertThat(w.rebootAfterPatch.isEnabled()).isFalse();
        test(w.patchOsOnBoot).click();
        assertThat(w.rebootAfterPatch.isEnabled()).isTrue();
        test(w.sshPublicKey).setValue("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIExample me@host");
        test(w.next).click();
        assertThat(w.availabilityZone.getValue()).isEqualTo("nova");
        test(w.size).selectItem("3 nodes (high availability)");
        test(w.register).click();

        assertThat(w.isOpened()).isFalse();
        assertThat(rows(view)).anySatisfy(g -> {
            assertThat(g.name()).isEqualTo("wizard-gw");
            assertThat(g.status()).isEqualTo("Installing");
            assertThat(g.size()).isEqualTo(3);
        });
        assertThat(count("cloud_account", "wizard-gw")).isOne();
    }

    @Test
    void a_wrong_password_keeps_the_wizard_on_the_openstack_step_with_keystones_reason() {
        GatewaysView view = navigate(GatewaysView.class);
        GatewayWizard w = throughCredentials(view, "wizard-refused", "not-the-password");
        assertThat(w.stepTitle.getText()).isEqualTo("Step 3 of 5: OpenStack");
        assertThat(w.password.isInvalid()).isTrue();
        assertThat(w.password.getErrorMessage()).contains("Keystone refused");
        assertThat(count("gateway", "wizard-refused")).isZero();
        assertThat(count("cloud_account", "wizard-refused")).isZero();
    }

    @Test
    void a_bad_cidr_and_an_unknown_subnet_send_the_user_back_to_their_steps_and_nothing_is_stored() {
        GatewaysView view = navigate(GatewaysView.class);
        GatewayWizard w = throughCredentials(view, "wizard-bad", "demo");
        test(w.network).selectItem("private");
        w.subnet.setValue("no-such-subnet");
        test(w.next).click();
        test(w.register).click();
        assertThat(w.isOpened()).isTrue();
        assertThat(w.stepTitle.getText()).isEqualTo("Step 4 of 5: Placement");
        assertThat(w.subnet.isInvalid()).isTrue();
        assertThat(w.subnet.getErrorMessage()).contains("has no subnet 'no-such-subnet'").contains("private-subnet");

        w.subnet.setValue("private-subnet");
        test(w.back).click();
        test(w.back).click();
        test(w.podCidr).setValue("10.96.0.0/16");
        test(w.next).click();
        test(w.next).click();
        test(w.next).click();
        test(w.register).click();
        assertThat(w.stepTitle.getText()).isEqualTo("Step 2 of 5: Environment");
        assertThat(w.serviceCidr.isInvalid()).isTrue();
        assertThat(w.serviceCidr.getErrorMessage()).contains("Overlaps the pod CIDR");
        assertThat(count("gateway", "wizard-bad")).isZero();
        assertThat(count("cloud_account", "wizard-bad")).isZero();
    }

    @Test
    void the_details_page_shows_events_and_checks_now_and_resizes() {
        GatewaysView view = navigate(GatewaysView.class);
        GatewayWizard w = throughCredentials(view, "wizard-details", "demo", "Direct");
        test(w.network).selectItem("private");
        test(w.next).click();
        test(w.register).click();

        GatewayDetailsView details = navigate("tenant/gateways/wizard-details", GatewayDetailsView.class);
        assertThat(details.status.getElement().getTextRecursively()).isEqualTo("Installing");
        test(details.checkNow).click();
        assertThat(details.status.getElement().getTextRecursively()).isEqualTo("Running");
        assertThat(IntStream.range(0, test(details.events).size()).mapToObj(i -> test(details.events).getRow(i).message()))
                .anySatisfy(m -> assertThat(m).startsWith("First health check succeeded"))
                .anySatisfy(m -> assertThat(m).startsWith("Registered by admin"));
        // local time to the second with its zone, not raw ISO
        assertThat(test(details.events).getCellText(0, 0)).matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2} \\S+");
        test(details.resize).click();
        roundTrip();
        test(find(ConfirmDialog.class).single()).confirm();
        assertThat(details.resize.isEnabled()).isFalse();
        assertThat(jdbc.sql("select size from gateway where name = 'wizard-details'").query(Integer.class).single()).isEqualTo(3);
    }

    @Test
    void an_unknown_gateway_page_says_so() {
        GatewayDetailsView details = navigate("tenant/gateways/nope", GatewayDetailsView.class);
        assertThat(find(EmptyState.class).all()).singleElement()
                .satisfies(e -> assertThat(e.getElement().getTextRecursively()).contains("Gateway 'nope' not found"));
        assertThat(details.events.isAttached()).isFalse();
    }

    @Test
    void edit_and_redeploy_opens_the_wizard_filled_and_redeploys_with_the_stored_password() {
        GatewaysView view = navigate(GatewaysView.class);
        GatewayWizard w = throughCredentials(view, "wizard-redeploy", "demo", "Direct");
        test(w.network).selectItem("private");
        test(w.next).click();
        test(w.register).click();

        GatewayDetailsView details = navigate("tenant/gateways/wizard-redeploy", GatewayDetailsView.class);
        test(details.redeploy).click();
        roundTrip();
        GatewayWizard edit = details.wizard;
        assertThat(edit.name.getValue()).isEqualTo("wizard-redeploy");
        assertThat(edit.name.isReadOnly()).isTrue();
        assertThat(edit.mode.getValue()).isEqualTo("direct");
        assertThat(edit.mode.isReadOnly()).isTrue();
        assertThat(edit.identityEndpoint.getValue()).isEqualTo(launcher.simulator().identityEndpoint());
        assertThat(edit.password.getValue()).isEmpty();
        test(edit.next).click();
        test(edit.serviceCidr).setValue("10.100.0.0/16");
        test(edit.next).click();
        test(edit.next).click();
        assertThat(edit.stepTitle.getText()).isEqualTo("Step 4 of 5: Placement");
        assertThat(edit.network.getValue()).isEqualTo("private");
        assertThat(edit.subnet.getValue()).isEqualTo("private-subnet");
        test(edit.next).click();
        test(edit.register).click();
        assertThat(edit.isOpened()).isFalse();
        assertThat(jdbc.sql("select settings from gateway where name = 'wizard-redeploy'").query(String.class).single())
                .contains("10.100.0.0/16");
        assertThat(details.status.getElement().getTextRecursively()).isEqualTo("Installing");
    }

    @Test
    void check_now_reports_a_missed_check_as_an_error_with_its_reason_and_only_a_good_answer_as_success() {
        GatewaysView view = navigate(GatewaysView.class);
        GatewayWizard w = throughCredentials(view, "wizard-miss", "demo", "Direct");
        test(w.network).selectItem("private");
        test(w.next).click();
        test(w.register).click();

        GatewayDetailsView details = navigate("tenant/gateways/wizard-miss", GatewayDetailsView.class);
        test(details.checkNow).click();
        assertThat(lastNotification().getThemeNames()).contains("success");
        assertThat(test(lastNotification()).getText()).contains("answered");

        launcher.simulator().failNext("POST", "/identity/v3/auth/tokens", 1, 503);
        try {
            test(details.checkNow).click();
        } finally {
            launcher.simulator().clearFaults();
        }
        Notification missed = lastNotification();
        assertThat(missed.getThemeNames()).contains("error").doesNotContain("success");
        assertThat(test(missed).getText()).contains("did not answer").contains("503").doesNotContain("answered:");
        // one miss does not make it Unhealthy: the status stays, the notification tells what the check found
        assertThat(details.status.getElement().getTextRecursively()).isEqualTo("Running");
    }

    Notification lastNotification() {
        List<Notification> all = find(Notification.class).all();
        assertThat(all).isNotEmpty();
        return all.getLast();
    }
}
