package org.stackport.gateway.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.vaadin.browserless.SpringBrowserlessTest;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HexFormat;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.context.ActiveProfiles;
import org.stackport.gateway.GatewayNodeView;
import org.stackport.gateway.GatewayService;
import org.stackport.simulator.SimulatorLauncher;

/** The console's pages for agent gateways: the mode, the token shown once, the agents' nodes (browserless). */
@SpringBootTest
@ActiveProfiles("test")
@WithMockUser(username = "admin", roles = {"USER", "TENANT_ADMIN"})
class GatewayAgentPagesTest extends SpringBrowserlessTest {

    @Autowired
    SimulatorLauncher launcher;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    GatewayService gateways;

    /** Registers a gateway through the wizard with the mode left as offered, or chosen when {@code mode} is given. */
    GatewayWizard register(String name, String mode) {
        GatewaysView view = navigate(GatewaysView.class);
        test(view.register).click();
        roundTrip();
        GatewayWizard w = view.wizard;
        test(w.name).setValue(name);
        if (mode != null) {
            test(w.mode).selectItem(mode);
        }
        test(w.next).click();
        test(w.next).click();
        test(w.identityEndpoint).setValue(launcher.simulator().identityEndpoint());
        test(w.username).setValue("demo");
        test(w.password).setValue("demo");
        test(w.project).setValue("dev");
        test(w.next).click();
        test(w.network).selectItem("private");
        test(w.next).click();
        test(w.register).click();
        assertThat(w.isOpened()).isFalse();
        roundTrip();
        return w;
    }

    String column(String gateway, String column) {
        return jdbc.sql("select " + column + " from gateway where name = :n").param("n", gateway).query(String.class).single();
    }

    static String sha256(String token) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    }

    void node(String gateway, String name, String address, String zone, String status, String reason, Instant heartbeat) {
        jdbc.sql("""
                insert into gateway_node (gateway_id, name, address, availability_zone, agent_version, status,
                                          status_reason, connected_at, last_heartbeat)
                values ((select id from gateway where name = :g), :name, :address, :zone, '1.0.0', :status, :reason,
                        :at, :at)""")
                .param("g", gateway).param("name", name).param("address", address).param("zone", zone)
                .param("status", status).param("reason", reason).param("at", Timestamp.from(heartbeat)).update();
    }

    @Test
    void the_wizard_offers_agent_mode_first_and_registers_an_agent_gateway_showing_its_token_once() throws Exception {
        GatewaysView view = navigate(GatewaysView.class);
        test(view.register).click();
        roundTrip();
        assertThat(view.wizard.mode.getValue()).isEqualTo("agent");
        assertThat(view.wizard.mode.isReadOnly()).isFalse();
        view.wizard.close();

        GatewayWizard w = register("agent-gw", null);
        AgentTokenDialog dialog = w.tokenDialog;
        assertThat(dialog).isNotNull();
        assertThat(find(AgentTokenDialog.class).all()).containsExactly(dialog);
        assertThat(dialog.isOpened()).isTrue();
        assertThat(dialog.getId()).contains("gateway-token-dialog");
        String token = dialog.token.getValue();
        assertThat(token).startsWith("spgw_");
        assertThat(dialog.token.isReadOnly()).isTrue();
        assertThat(dialog.token.getId()).contains("gateway-agent-token");
        assertThat(dialog.token.getHelperText()).contains("Copy it now");
        assertThat(dialog.command.getValue()).startsWith("java -jar stackport.jar gateway agent --console ")
                .contains("--token-file " + AgentTokenDialog.TOKEN_FILE).doesNotContain(token);
        assertThat(dialog.getElement().getTextRecursively()).contains("The token is not shown again")
                .contains("no inbound port, no VIP and no spare address");
        assertThat(column("agent-gw", "mode")).isEqualTo("agent");
        assertThat(column("agent-gw", "agent_token_hash")).isEqualTo(sha256(token));

        test(dialog.done).click();
        assertThat(dialog.isOpened()).isFalse();
        GatewayDetailsView details = navigate("tenant/gateways/agent-gw", GatewayDetailsView.class);
        assertThat(find(AgentTokenDialog.class).all()).isEmpty();
        assertThat(gateways.get("agent-gw").agentToken()).isNull();
        assertThat(details.getElement().getTextRecursively()).contains("Agent: agents in the cloud carry the console's connections")
                .doesNotContain(token);
        assertThat(details.nodes.isVisible()).isTrue();
        assertThat(details.nodes.empty.isVisible()).isTrue();
        assertThat(details.nodes.grid.isVisible()).isFalse();
        assertThat(details.nodes.empty.getElement().getTextRecursively()).contains("No agent has connected yet")
                .contains("installs the gateway's 1 or 3 servers into OpenStack").contains("outbound HTTPS")
                .contains("gateway agent --console ");
        assertThat(details.nodes.getElement().getTextRecursively()).contains("shrinks to one address per node");
        assertThat(details.status.getElement().getTextRecursively()).isEqualTo("Installing");
    }

    @Test
    void a_direct_registration_shows_no_token_and_no_nodes() {
        GatewayWizard w = register("direct-gw", "Direct");
        assertThat(w.tokenDialog).isNull();
        assertThat(find(AgentTokenDialog.class).all()).isEmpty();
        assertThat(column("direct-gw", "mode")).isEqualTo("direct");
        assertThat(jdbc.sql("select count(*) from gateway where name = 'direct-gw' and agent_token_hash is null")
                .query(Long.class).single()).isOne();

        GatewayDetailsView details = navigate("tenant/gateways/direct-gw", GatewayDetailsView.class);
        assertThat(details.getElement().getTextRecursively()).contains("Direct: the console reaches this cloud itself");
        assertThat(details.nodes.isVisible()).isFalse();
    }

    @Test
    void the_details_page_lists_the_agents_nodes_and_replace_token_shows_a_new_token_once() throws Exception {
        GatewayWizard w = register("nodes-gw", "Agent");
        String first = w.tokenDialog.token.getValue();
        w.tokenDialog.close();
        Instant now = Instant.now();
        node("nodes-gw", "gw-node-a", "10.0.0.11", "nova", "Connected", null, now);
        node("nodes-gw", "gw-node-b", "10.0.0.12", "", "Lost", "the agent stopped answering", now.minusSeconds(90));

        GatewayDetailsView details = navigate("tenant/gateways/nodes-gw", GatewayDetailsView.class);
        var grid = test(details.nodes.grid);
        assertThat(details.nodes.grid.isVisible()).isTrue();
        assertThat(details.nodes.empty.isVisible()).isFalse();
        assertThat(IntStream.range(0, grid.size()).mapToObj(grid::getRow).map(GatewayNodeView::name))
                .containsExactly("gw-node-a", "gw-node-b");
        assertThat(grid.getCellText(0, 1)).isEqualTo("10.0.0.11");
        assertThat(grid.getCellText(0, 2)).isEqualTo("nova");
        assertThat(grid.getCellText(1, 2)).isEqualTo("—");
        assertThat(grid.getCellText(0, 3)).isEqualTo("1.0.0");
        assertThat(grid.getCellText(0, 4)).matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2} \\S+");
        assertThat(grid.getCellComponent(0, 5).getElement().getText()).isEqualTo("Connected");
        assertThat(grid.getCellComponent(1, 5).getElement().getText()).isEqualTo("Lost");
        assertThat(details.nodes.summary.getText()).startsWith("1 of 1 node connected");

        test(details.nodes.rotateToken).click();
        roundTrip();
        ConfirmDialog confirm = find(ConfirmDialog.class).single();
        assertThat(test(confirm).getText()).contains("disconnected");
        test(confirm).confirm();
        AgentTokenDialog dialog = details.nodes.tokenDialog;
        assertThat(dialog).isNotNull();
        assertThat(dialog.isOpened()).isTrue();
        String second = dialog.token.getValue();
        assertThat(second).startsWith("spgw_").isNotEqualTo(first);
        assertThat(column("nodes-gw", "agent_token_hash")).isEqualTo(sha256(second));
        assertThat(dialog.getElement().getTextRecursively()).contains("The token is not shown again");
    }
}
