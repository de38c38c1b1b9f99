package org.stackport.gateway.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.server.VaadinServletRequest;
import org.stackport.gateway.GatewayView;

/**
 * The agent token of a gateway, shown this once (after registration or replacement), with the command that runs an
 * agent. The console keeps only the token's hash, so closing this dialog is the last chance to copy it.
 */
class AgentTokenDialog extends Dialog {

    /** Where the agent reads its token from in the command shown; any file only the agent's user can read will do. */
    static final String TOKEN_FILE = "/etc/stackport/gateway.token";

    /** What a machine needs to run an agent, said wherever the console tells how to run one. */
    static final String WHERE_TO_RUN = "Stackport installs the gateway's 1 or 3 servers into OpenStack and their agents "
            + "use this token; the gateway runs once the first one has connected. You may also run an agent yourself on "
            + "a machine inside the cloud (Java 21 or newer and stackport.jar). A node needs only outbound HTTPS to this "
            + "console and TCP to the OpenStack endpoints and to the clusters' Kubernetes APIs: no inbound port, no VIP "
            + "and no spare address (one address per node).";

    final TextField token = new TextField("Agent token");
    final TextArea command = new TextArea("To run an agent by hand");
    final Button copy = new Button("Copy");
    final Button done = new Button("I have copied the token", e -> close());

    AgentTokenDialog(GatewayView gateway, String consoleUrl) {
        setId("gateway-token-dialog");
        setHeaderTitle("Agent token of " + gateway.name());
        setWidth("46rem");
        // an outside click or Esc must not throw away the only copy of the token
        setCloseOnOutsideClick(false);
        setCloseOnEsc(false);
        token.setId("gateway-agent-token");
        token.setValue(gateway.agentToken());
        token.setReadOnly(true);
        token.setWidthFull();
        token.setHelperText("Copy it now: select it and press Ctrl+C (⌘C on a Mac), or use Copy.");
        copy.addThemeVariants(ButtonVariant.LUMO_TERTIARY_INLINE);
        copy.addClickListener(e -> copy.getElement().executeJs(
                "if (navigator.clipboard) { navigator.clipboard.writeText($0); }", gateway.agentToken()));
        token.setSuffixComponent(copy);
        command.setId("gateway-agent-command");
        command.setValue(command(consoleUrl));
        command.setReadOnly(true);
        command.setWidthFull();
        command.setHelperText("Save the token in " + TOKEN_FILE + " first (readable only by the agent's user). Add "
                + "--node-name, --address or --zone to name the node; --console-ca <pem> if the console's certificate "
                + "is signed by a private CA.");
        Paragraph once = new Paragraph("The token is not shown again. Stackport keeps only a hash of it; if it is lost, "
                + "replace it on the gateway's page (connected agents are disconnected then).");
        once.getStyle().set("font-weight", "600");
        VerticalLayout content = new VerticalLayout(
                new Paragraph("Gateway agents connect to the console with this token."), token, once, command,
                new Paragraph(WHERE_TO_RUN));
        content.setPadding(false);
        add(content);
        done.setId("gateway-token-done");
        done.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        getFooter().add(done);
    }

    /** The agent's command line for this console. */
    static String command(String consoleUrl) {
        return "java -jar stackport.jar gateway agent --console " + consoleUrl + " --token-file " + TOKEN_FILE;
    }

    /**
     * The URL agents dial: {@code stackport.console-url} when it is set (behind a proxy the console cannot see its
     * public address), else the scheme, host and port the browser used for this request.
     */
    static String consoleUrl(String configured) {
        if (configured != null && !configured.isBlank()) {
            return configured.strip().replaceAll("/+$", "");
        }
        VaadinServletRequest request = VaadinServletRequest.getCurrent();
        if (request == null || request.getScheme() == null || request.getServerName() == null) {
            return "https://<console address>";
        }
        String scheme = request.getScheme();
        String host = request.getServerName();
        if (host.contains(":") && !host.startsWith("[")) {
            host = "[" + host + "]";
        }
        int port = request.getServerPort();
        boolean defaultPort = port <= 0 || "https".equals(scheme) && port == 443 || "http".equals(scheme) && port == 80;
        String context = request.getContextPath() == null ? "" : request.getContextPath();
        return scheme + "://" + host + (defaultPort ? "" : ":" + port) + context;
    }
}
