package org.stackport.gateway.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.Focusable;
import com.vaadin.flow.component.HasLabel;
import com.vaadin.flow.component.HasValidation;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.ListItem;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.html.UnorderedList;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.radiobutton.RadioButtonGroup;
import com.vaadin.flow.component.textfield.PasswordField;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.renderer.ComponentRenderer;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.stackport.account.Inventory;
import org.stackport.gateway.GatewayRegistration;
import org.stackport.gateway.GatewayService;
import org.stackport.gateway.GatewayView;
import org.stackport.openstack.CloudFailure;
import org.stackport.shared.Cidrs;
import org.stackport.shared.Errors;
import org.stackport.shared.FieldError;
import org.stackport.shared.ValidationException;
import org.stackport.ui.FieldErrors;
import org.stackport.ui.Notifications;

/**
 * Registers a gateway in the order of the seed's {@code pcg install} prompts: the gateway, its environment
 * (proxy, pod and service ranges), the OpenStack account (checked with Keystone before going on), placement,
 * and the machine (zone, size). Every refusal lands next to its field, on the step that holds it.
 */
class GatewayWizard extends Dialog {

    static final List<String> STEPS = List.of("Gateway", "Environment", "OpenStack", "Placement", "Machine");

    // 1. gateway
    final TextField cloudType = new TextField("Cloud type", "OpenStack", "");
    final TextField name = new TextField("Private cloud gateway name");
    final RadioButtonGroup<String> mode = new RadioButtonGroup<>("Mode");
    final Checkbox shareAcrossProjects = new Checkbox("Share the gateway's cloud account across all projects", true);
    final TextField cloudAccount = new TextField("Cloud account name (optional)");
    // 2. environment
    final TextField httpsProxy = new TextField("HTTPS proxy");
    final TextField httpProxy = new TextField("HTTP proxy");
    final TextField noProxy = new TextField("No proxy");
    final TextField proxyCaPath = new TextField("Proxy CA certificate file path");
    final TextField podCidr = new TextField("Pod CIDR", "192.168.0.0/16", "");
    final TextField serviceCidr = new TextField("Service IP range", "10.96.0.0/12", "");
    // 3. openstack
    final TextField identityEndpoint = new TextField("OpenStack identity endpoint");
    final TextField username = new TextField("OpenStack account username");
    final PasswordField password = new PasswordField("OpenStack account password");
    final Checkbox insecure = new Checkbox("Allow insecure connection (skip x509 verification)");
    final TextArea caCertificate = new TextArea("CA certificate (PEM, only for TLS with a private CA)");
    final TextField domain = new TextField("Default domain", "Default", "");
    final TextField region = new TextField("Default region", "RegionOne", "");
    final TextField project = new TextField("Default project");
    // 4. placement
    final RadioButtonGroup<String> placement = new RadioButtonGroup<>("Placement type");
    final ComboBox<String> network = new ComboBox<>("Network");
    final ComboBox<String> subnet = new ComboBox<>("Subnet");
    final TextField dnsServers = new TextField("DNS server(s)");
    final TextField nodeCidr = new TextField("Node CIDR");
    final TextArea sshPublicKey = new TextArea("SSH public key");
    final Checkbox patchOsOnBoot = new Checkbox("Patch OS on boot");
    final Checkbox rebootAfterPatch = new Checkbox("Reboot nodes once the OS patch is applied");
    // 5. machine
    final ComboBox<String> availabilityZone = new ComboBox<>("Availability zone");
    final RadioButtonGroup<Integer> size = new RadioButtonGroup<>("Gateway cluster size");

    int step;
    final Button back = new Button("Back", e -> show(step - 1));
    final Button next = new Button("Next", e -> next());
    final Button register = new Button("Register gateway", e -> register());
    final Span stepTitle = new Span();
    final Paragraph cloudSummary = new Paragraph();

    private final GatewayService gateways;
    private final Consumer<GatewayView> onRegistered;
    /** The gateway being edited and redeployed, or null for a registration. */
    private final String editing;
    /** The URL agents dial, for the command shown with a new agent gateway's token. */
    private final String consoleUrl;
    AgentTokenDialog tokenDialog;
    private final List<Component> pages;
    private final Map<String, HasValidation> fields = new LinkedHashMap<>();
    private final Map<String, Integer> stepOfField = new LinkedHashMap<>();
    final List<Div> stepProblems = new ArrayList<>();
    private Inventory cloud;

    GatewayWizard(GatewayService gateways, String consoleUrl, Consumer<GatewayView> onRegistered) {
        this(gateways, null, consoleUrl, onRegistered);
    }

    /** Edit and redeploy: the wizard filled with the gateway's values; a blank password or CA keeps the stored one. */
    GatewayWizard(GatewayService gateways, GatewayRegistration current, Consumer<GatewayView> onDone) {
        this(gateways, current, null, onDone);
    }

    private GatewayWizard(GatewayService gateways, GatewayRegistration current, String consoleUrl,
                          Consumer<GatewayView> onDone) {
        this.gateways = gateways;
        this.consoleUrl = consoleUrl;
        this.onRegistered = onDone;
        this.editing = current == null ? null : current.name();
        setHeaderTitle(current == null ? "Register a private cloud gateway" : "Edit and redeploy " + current.name());
        setWidth("52rem");
        setCloseOnOutsideClick(false);
        setId("gateway-wizard");

        cloudType.setReadOnly(true);
        name.setPlaceholder("openstack-pcg-1");
        mode.setItems("agent", "direct");
        mode.setItemLabelGenerator(m -> "agent".equals(m) ? "Agent" : "Direct");
        mode.setRenderer(new ComponentRenderer<>(GatewayWizard::modeChoice));
        mode.setValue("agent");
        cloudAccount.setHelperText("Registration creates a cloud account; by default it has the gateway's name.");
        httpsProxy.setPlaceholder("https://user:password@proxy.example:3128");
        httpsProxy.setHelperText("Leave blank unless an HTTPS proxy is used; it reaches every gateway and cluster node.");
        httpProxy.setPlaceholder("http://user:password@proxy.example:3128");
        noProxy.setPlaceholder("10.0.0.0/8, .internal.example, keystone.example");
        noProxy.setHelperText("Comma-separated CIDRs, host names and domains that bypass the proxy.");
        proxyCaPath.setPlaceholder("/usr/local/share/ca-certificates/ca.crt");
        podCidr.setHelperText("Must not overlap any machine address in the environment.");
        serviceCidr.setHelperText("Must not overlap the pod CIDR or any machine address.");
        identityEndpoint.setPlaceholder("https://keystone.example:5000/v3");
        project.setPlaceholder("dev");
        placement.setItems("static", "dynamic");
        placement.setItemLabelGenerator(t -> "static".equals(t) ? "Static: existing network" : "Dynamic: Stackport creates a network");
        placement.setValue("static");
        placement.addValueChangeListener(e -> placementChanged());
        network.setAllowCustomValue(true);
        network.addCustomValueSetListener(e -> network.setValue(e.getDetail()));
        network.addValueChangeListener(e -> subnetsFor(e.getValue()));
        subnet.setAllowCustomValue(true);
        subnet.addCustomValueSetListener(e -> subnet.setValue(e.getDetail()));
        dnsServers.setPlaceholder("8.8.8.8, 1.1.1.1");
        nodeCidr.setPlaceholder("10.10.0.0/24");
        sshPublicKey.setPlaceholder("ssh-ed25519 AAAA... user@host");
        rebootAfterPatch.setEnabled(false);
        patchOsOnBoot.addValueChangeListener(e -> {
            rebootAfterPatch.setEnabled(e.getValue());
            if (!e.getValue()) {
                rebootAfterPatch.setValue(false);
            }
        });
        availabilityZone.setAllowCustomValue(true);
        availabilityZone.addCustomValueSetListener(e -> availabilityZone.setValue(e.getDetail()));
        size.setItems(1, 3);
        size.setItemLabelGenerator(n -> n == 1 ? "1 node" : "3 nodes (high availability)");
        size.setValue(1);

        name.setId("gateway-name");
        mode.setId("gateway-mode");
        identityEndpoint.setId("gateway-endpoint");
        username.setId("gateway-username");
        password.setId("gateway-password");
        project.setId("gateway-project");
        network.setId("gateway-network");
        subnet.setId("gateway-subnet");
        availabilityZone.setId("gateway-zone");
        next.setId("wizard-next");
        back.setId("wizard-back");
        register.setId("wizard-register");
        stepTitle.setId("wizard-step");

        pages = List.of(
                page(0, form(cloudType, name, mode, shareAcrossProjects, cloudAccount), Map.of("name", name,
                        "mode", mode, "cloudAccount", cloudAccount, "cloudType", cloudType)),
                page(1, form(httpsProxy, httpProxy, noProxy, proxyCaPath, podCidr, serviceCidr), Map.of(
                        "proxy.https", httpsProxy, "proxy.http", httpProxy, "proxy.noProxy", noProxy,
                        "proxy.caCertificatePath", proxyCaPath, "podCidr", podCidr, "serviceCidr", serviceCidr)),
                page(2, form(identityEndpoint, username, password, domain, region, project, caCertificate, insecure),
                        Map.of("openstack.identityEndpoint", identityEndpoint, "openstack.username", username,
                                "openstack.password", password, "openstack.caCertificate", caCertificate,
                                "openstack.domain", domain, "openstack.region", region, "openstack.project", project)),
                page(3, unpadded(new VerticalLayout(cloudSummary, form(placement, network, subnet, dnsServers, nodeCidr,
                        sshPublicKey, patchOsOnBoot, rebootAfterPatch))), Map.of("openstack.placement.type", placement,
                        "openstack.placement.network", network, "openstack.placement.subnet", subnet,
                        "openstack.placement.dnsServers", dnsServers, "openstack.placement.nodeCidr", nodeCidr,
                        "openstack.sshPublicKey", sshPublicKey)),
                page(4, form(availabilityZone, size), Map.of("openstack.availabilityZone", availabilityZone, "size", size)));
        pages.forEach(this::add);
        back.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
        next.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        register.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        getHeader().add(stepTitle);
        getFooter().add(new Button("Cancel", e -> close()), back, next, register);
        placementChanged();
        if (current != null) {
            fill(current);
        }
        show(0);
    }

    private void fill(GatewayRegistration r) {
        name.setValue(r.name());
        name.setReadOnly(true);
        mode.setValue(r.mode() == null ? "direct" : r.mode());
        mode.setReadOnly(true);
        mode.setHelperText("A gateway keeps its mode; register a new gateway for the other one.");
        cloudAccount.setValue(r.cloudAccount() == null ? "" : r.cloudAccount());
        cloudAccount.setReadOnly(true);
        shareAcrossProjects.setValue(Boolean.TRUE.equals(r.shareAcrossProjects()));
        if (r.proxy() != null) {
            httpsProxy.setValue(nz(r.proxy().https()));
            httpProxy.setValue(nz(r.proxy().http()));
            noProxy.setValue(String.join(", ", r.proxy().noProxy() == null ? List.of() : r.proxy().noProxy()));
            proxyCaPath.setValue(nz(r.proxy().caCertificatePath()));
        }
        podCidr.setValue(nz(r.podCidr()));
        serviceCidr.setValue(nz(r.serviceCidr()));
        GatewayRegistration.OpenStack os = r.openstack();
        identityEndpoint.setValue(nz(os.identityEndpoint()));
        username.setValue(nz(os.username()));
        password.setHelperText("Leave empty to keep the stored password");
        caCertificate.setHelperText("Leave empty to keep the stored certificate, if any");
        insecure.setValue(Boolean.TRUE.equals(os.insecure()));
        domain.setValue(nz(os.domain()));
        region.setValue(nz(os.region()));
        project.setValue(nz(os.project()));
        if (os.placement() != null && os.placement().type() != null) {
            placement.setValue(os.placement().type());
            preset(network, os.placement().network());
            preset(subnet, os.placement().subnet());
            dnsServers.setValue(String.join(", ", os.placement().dnsServers() == null ? List.of() : os.placement().dnsServers()));
            nodeCidr.setValue(nz(os.placement().nodeCidr()));
        }
        sshPublicKey.setValue(nz(os.sshPublicKey()));
        patchOsOnBoot.setValue(Boolean.TRUE.equals(os.patchOsOnBoot()));
        rebootAfterPatch.setValue(Boolean.TRUE.equals(os.rebootAfterPatch()));
        preset(availabilityZone, os.availabilityZone());
        size.setValue(r.size());
        register.setText("Redeploy gateway");
    }

    /** A mode with what it means, so the choice is made knowing where the gateway's work runs. */
    private static Component modeChoice(String m) {
        Span label = new Span("agent".equals(m) ? "Agent" : "Direct");
        Span help = new Span("agent".equals(m)
                ? "Agents you run on 1 or 3 machines inside the cloud dial out to this console and carry its "
                + "connections; nothing inbound is opened in the cloud."
                : "The console reaches the OpenStack endpoints and the clusters' APIs itself: only when it runs where "
                + "it can reach them.");
        help.getStyle().set("display", "block").set("font-size", "var(--lumo-font-size-s)")
                .set("color", "var(--lumo-secondary-text-color)");
        return new Div(label, help);
    }

    /** A drop-down shows the stored choice before the cloud has been asked for the others. */
    private static void preset(ComboBox<String> combo, String value) {
        if (value != null && !value.isBlank()) {
            combo.setItems(List.of(value));
            combo.setValue(value);
        }
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    private Component page(int index, Component content, Map<String, HasValidation> pageFields) {
        pageFields.forEach((field, component) -> {
            fields.put(field, component);
            stepOfField.put(field, index);
        });
        Div problems = new Div();
        problems.setId("wizard-step-problems-" + index);
        // read out when Next is refused; the messages are on the fields as well
        problems.getElement().setAttribute("role", "alert");
        problems.getStyle().set("color", "var(--lumo-error-text-color)").set("background", "var(--lumo-error-color-10pct)")
                .set("border-radius", "var(--lumo-border-radius-m)").set("padding", "0 var(--lumo-space-m)")
                .set("width", "100%").set("box-sizing", "border-box");
        problems.setVisible(false);
        stepProblems.add(problems);
        VerticalLayout wrapper = new VerticalLayout(problems, content);
        wrapper.setPadding(false);
        return wrapper;
    }

    private static VerticalLayout unpadded(VerticalLayout layout) {
        layout.setPadding(false);
        return layout;
    }

    private static FormLayout form(Component... components) {
        FormLayout form = new FormLayout(components);
        Arrays.stream(components).filter(c -> c instanceof TextArea || c instanceof Checkbox || c instanceof RadioButtonGroup)
                .forEach(c -> form.setColspan(c, 2));
        return form;
    }

    void show(int index) {
        step = Math.max(0, Math.min(index, pages.size() - 1));
        for (int i = 0; i < pages.size(); i++) {
            pages.get(i).setVisible(i == step);
        }
        stepTitle.setText("Step " + (step + 1) + " of " + pages.size() + ": " + STEPS.get(step));
        back.setEnabled(step > 0);
        next.setVisible(step < pages.size() - 1);
        register.setVisible(step == pages.size() - 1);
        focus(firstField(step));
    }

    /** The field a step starts on, so keyboard and screen-reader users land inside the step as it shows. */
    private Component firstField(int page) {
        return switch (page) {
            case 0 -> name.isReadOnly() ? shareAcrossProjects : name;
            case 1 -> httpsProxy;
            case 2 -> identityEndpoint;
            case 3 -> placement;
            default -> availabilityZone;
        };
    }

    private static void focus(Component field) {
        if (field instanceof Focusable<?> f) {
            f.focus();
        } else {
            // a radio group is no Focusable in Flow: focus its checked (else first) button, as arrow keys expect
            field.getElement().executeJs("setTimeout(() => { const r = this.querySelector('vaadin-radio-button[checked]')"
                    + " || this.querySelector('vaadin-radio-button'); if (r) { r.focus(); } }, 0)");
        }
    }

    /**
     * Each step's fields are checked before the wizard goes on (required fields and formats, as the service
     * checks them); going past the OpenStack step also asks Keystone and reads what the cloud offers for placement.
     * What needs the whole registration (overlapping ranges, names taken) is the service's, on Register.
     */
    void next() {
        if (!showStepProblems(step, localProblems(step))) {
            return;
        }
        if (step == 2) {
            try {
                cloud = editing != null && password.getValue().isEmpty() ? gateways.probeStored(editing, openstack())
                        : gateways.probe(openstack());
            } catch (ValidationException e) {
                showErrors(e);
                return;
            } catch (CloudFailure f) {
                Notifications.error(f.getMessage());
                return;
            }
            FieldErrors.clear(fields);
            offer(cloud);
        }
        show(step + 1);
    }

    private void offer(Inventory inventory) {
        String chosenNetwork = network.getValue();
        String chosenSubnet = subnet.getValue();
        String chosenZone = availabilityZone.getValue();
        List<String> networks = inventory.networks().stream().filter(n -> !n.external()).map(Inventory.Network::name).toList();
        network.setItems(networks);
        availabilityZone.setItems(inventory.availabilityZones());
        if (chosenZone != null && inventory.availabilityZones().contains(chosenZone)) {
            availabilityZone.setValue(chosenZone);
        }
        if (chosenNetwork != null && networks.contains(chosenNetwork)) {
            network.setValue(chosenNetwork);
        }
        if (availabilityZone.isEmpty() && !inventory.availabilityZones().isEmpty()) {
            availabilityZone.setValue(inventory.availabilityZones().getFirst());
        }
        cloudSummary.setText("Keystone accepted " + username.getValue().strip() + " for project " + project.getValue().strip()
                + ": " + inventory.networks().size() + " network(s), " + inventory.subnets().size() + " subnet(s), "
                + inventory.availabilityZones().size() + " availability zone(s).");
        subnetsFor(network.getValue());
        if (chosenSubnet != null && subnet.getListDataView().getItems().anyMatch(chosenSubnet::equals)) {
            subnet.setValue(chosenSubnet);
        }
    }

    private void subnetsFor(String networkName) {
        List<Inventory.Subnet> subnets = cloud == null ? List.of() : cloud.subnetsOf(networkName);
        List<String> names = subnets.stream().map(Inventory.Subnet::name).toList();
        subnet.setItems(names);
        subnet.setItemLabelGenerator(n -> subnets.stream().filter(s -> s.name().equals(n)).findFirst()
                .map(Inventory.Subnet::label).orElse(n));
        if (names.size() == 1) {
            subnet.setValue(names.getFirst());
        }
    }

    private void placementChanged() {
        boolean isStatic = "static".equals(placement.getValue());
        network.setVisible(isStatic);
        subnet.setVisible(isStatic);
        dnsServers.setVisible(!isStatic);
        nodeCidr.setVisible(!isStatic);
    }

    void register() {
        try {
            GatewayView created = editing == null ? gateways.register(registration())
                    : gateways.redeploy(editing, registration());
            close();
            onRegistered.accept(created);
            if (created.agentToken() != null) {
                // the only time the token exists outside the agents: the console keeps its hash
                tokenDialog = new AgentTokenDialog(created, consoleUrl);
                tokenDialog.open();
            }
        } catch (ValidationException e) {
            showErrors(e);
        } catch (CloudFailure f) {
            Notifications.error(f.getMessage());
        }
    }

    /** Shows every message next to its field and opens the first step that has one, summed up on top. */
    private void showErrors(ValidationException e) {
        List<FieldError> located = e.errors().stream()
                .map(f -> new FieldError(f.field().replaceAll("\\[\\d+]$", ""), f.message())).toList();
        FieldErrors.show(new ValidationException(located), fields);
        stepProblems.forEach(p -> p.setVisible(false));
        located.stream().map(f -> stepOfField.get(f.field())).filter(Objects::nonNull)
                .min(Integer::compare).ifPresent(first -> {
                    show(first);
                    summarize(first, located.stream().filter(f -> first.equals(stepOfField.get(f.field()))).toList());
                });
    }

    /** Shows a step's problems on its fields and above them, focusing the first field at fault; true when there are none. */
    private boolean showStepProblems(int page, List<FieldError> problems) {
        Map<String, HasValidation> onPage = new LinkedHashMap<>();
        fields.forEach((f, c) -> {
            if (Objects.equals(stepOfField.get(f), page)) {
                onPage.put(f, c);
            }
        });
        FieldErrors.show(new ValidationException(problems), onPage);
        summarize(page, problems);
        return problems.isEmpty();
    }

    private void summarize(int page, List<FieldError> problems) {
        Div box = stepProblems.get(page);
        box.removeAll();
        box.setVisible(!problems.isEmpty());
        if (problems.isEmpty()) {
            return;
        }
        Paragraph heading = new Paragraph(problems.size() == 1 ? "Fix this before going on:"
                : "Fix these " + problems.size() + " things before going on:");
        heading.getStyle().set("font-weight", "600").set("margin-bottom", "0");
        UnorderedList items = new UnorderedList();
        problems.forEach(f -> items.add(new ListItem(labelOf(f.field()) + ": " + f.message())));
        box.add(heading, items);
        problems.stream().map(f -> fields.get(f.field())).filter(c -> c instanceof Component).findFirst()
                .ifPresent(c -> focus((Component) c));
    }

    private String labelOf(String field) {
        return fields.get(field) instanceof HasLabel l && l.getLabel() != null ? l.getLabel() : field;
    }

    /** Required fields and formats of one step, as the gateway and cloud account services check them. */
    List<FieldError> localProblems(int page) {
        Errors errors = new Errors();
        switch (page) {
            case 0 -> {
                if (!name.isReadOnly()) {
                    errors.name("name", name.getValue().strip());
                }
                if (!cloudAccount.isReadOnly() && !cloudAccount.getValue().isBlank()
                        && !Errors.NAME.matcher(cloudAccount.getValue().strip()).matches()) {
                    errors.add("cloudAccount", Errors.NAME_RULE);
                }
            }
            case 1 -> {
                proxyUrl(errors, "proxy.https", httpsProxy.getValue());
                proxyUrl(errors, "proxy.http", httpProxy.getValue());
                if (httpsProxy.getValue().isBlank() != httpProxy.getValue().isBlank()) {
                    errors.add(httpsProxy.getValue().isBlank() ? "proxy.https" : "proxy.http",
                            "is required as well: a proxy needs both the HTTP and the HTTPS setting");
                }
                if (!proxyCaPath.getValue().isBlank() && !proxyCaPath.getValue().strip().startsWith("/")) {
                    errors.add("proxy.caCertificatePath", "must be an absolute path on the gateway's hosts, "
                            + "e.g. /usr/local/share/ca-certificates/ca.crt");
                }
                cidr(errors, "podCidr", podCidr.getValue());
                cidr(errors, "serviceCidr", serviceCidr.getValue());
            }
            case 2 -> {
                String endpoint = identityEndpoint.getValue().strip();
                if (endpoint.isEmpty()) {
                    errors.add("openstack.identityEndpoint", "is required, e.g. https://keystone.example:5000/v3");
                } else if (!httpUrl(endpoint)) {
                    errors.add("openstack.identityEndpoint", "must be an http(s) URL, e.g. https://keystone.example:5000/v3");
                }
                required(errors, "openstack.username", username.getValue());
                if (editing == null) {
                    required(errors, "openstack.password", password.getValue());
                }
                required(errors, "openstack.domain", domain.getValue());
                required(errors, "openstack.region", region.getValue());
                required(errors, "openstack.project", project.getValue());
                if (!caCertificate.getValue().isBlank() && !caCertificate.getValue().contains("-----BEGIN CERTIFICATE-----")) {
                    errors.add("openstack.caCertificate", "must be a PEM certificate (-----BEGIN CERTIFICATE----- ...)");
                }
            }
            case 3 -> {
                if ("static".equals(placement.getValue())) {
                    required(errors, "openstack.placement.network", network.getValue());
                    required(errors, "openstack.placement.subnet", subnet.getValue());
                } else {
                    cidr(errors, "openstack.placement.nodeCidr", nodeCidr.getValue());
                    List<String> dns = list(dnsServers.getValue());
                    if (dns.isEmpty()) {
                        errors.add("openstack.placement.dnsServers", "needs at least one DNS server for dynamic placement");
                    } else if (!dns.stream().allMatch(Cidrs::ipLiteral)) {
                        errors.add("openstack.placement.dnsServers", "lists something that is not an IP address");
                    }
                }
                if (!sshPublicKey.getValue().isBlank() && !sshPublicKey.getValue().strip()
                        .matches("^(ssh-(rsa|ed25519)|ecdsa-sha2-nistp\\d+) [A-Za-z0-9+/=]+( .*)?$")) {
                    errors.add("openstack.sshPublicKey", "is not an OpenSSH public key (ssh-ed25519 AAAA... or ssh-rsa AAAA...)");
                }
            }
            default -> {
                // the zone is optional and the size always chosen; the service checks the zone against the cloud
            }
        }
        try {
            errors.throwIfAny();
            return List.of();
        } catch (ValidationException e) {
            return e.errors();
        }
    }

    private static void required(Errors errors, String field, String value) {
        if (value == null || value.isBlank()) {
            errors.add(field, "is required");
        }
    }

    private static void cidr(Errors errors, String field, String value) {
        if (value == null || value.isBlank()) {
            errors.add(field, "is required, e.g. 192.168.0.0/16");
        } else if (!Cidrs.valid(value.strip())) {
            errors.add(field, "is not an IPv4 CIDR like 192.168.0.0/16");
        }
    }

    private static void proxyUrl(Errors errors, String field, String value) {
        if (!value.isBlank() && !httpUrl(value.strip())) {
            errors.add(field, "must be a URL like http://proxy.example:3128");
        }
    }

    private static boolean httpUrl(String value) {
        try {
            URI uri = URI.create(value);
            return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    GatewayRegistration registration() {
        return new GatewayRegistration(name.getValue().strip(), "openstack", size.getValue(), shareAcrossProjects.getValue(),
                openstack(), new GatewayRegistration.Proxy(httpsProxy.getValue().strip(), httpProxy.getValue().strip(),
                list(noProxy.getValue()), proxyCaPath.getValue().strip()),
                podCidr.getValue().strip(), serviceCidr.getValue().strip(), cloudAccount.getValue().strip(),
                mode.getValue());
    }

    private GatewayRegistration.OpenStack openstack() {
        boolean isStatic = "static".equals(placement.getValue());
        return new GatewayRegistration.OpenStack(identityEndpoint.getValue().strip(), username.getValue().strip(),
                password.getValue(), insecure.getValue(), caCertificate.getValue(), domain.getValue().strip(),
                region.getValue().strip(), project.getValue().strip(),
                new GatewayRegistration.Placement(placement.getValue(), isStatic ? network.getValue() : null,
                        isStatic ? subnet.getValue() : null, isStatic ? List.of() : list(dnsServers.getValue()),
                        isStatic ? null : nodeCidr.getValue().strip()),
                sshPublicKey.getValue().strip(), availabilityZone.getValue(), patchOsOnBoot.getValue(),
                rebootAfterPatch.getValue());
    }

    private static List<String> list(String commaSeparated) {
        return Arrays.stream(commaSeparated.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    /** For tests: the field the wizard shows a service field's message on. */
    HasValidation field(String serviceField) {
        return fields.get(serviceField);
    }
}
