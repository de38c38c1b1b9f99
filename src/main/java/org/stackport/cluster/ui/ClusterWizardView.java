package org.stackport.cluster.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.HasAriaLabel;
import com.vaadin.flow.component.HasLabel;
import com.vaadin.flow.component.HasValidation;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Pre;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.radiobutton.RadioButtonGroup;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouterLink;
import jakarta.annotation.security.PermitAll;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.stackport.account.CloudAccountService;
import org.stackport.account.CloudAccountView;
import org.stackport.account.Inventory;
import org.stackport.cluster.ClusterDetails;
import org.stackport.cluster.ClusterReview;
import org.stackport.cluster.ClusterRules;
import org.stackport.cluster.ClusterService;
import org.stackport.cluster.ClusterSpec;
import org.stackport.cluster.PlannedResource;
import org.stackport.cluster.PreflightCheck;
import org.stackport.openstack.CloudFailure;
import org.stackport.profile.ClusterProfileService;
import org.stackport.profile.ResolvedProfile;
import org.stackport.shared.Errors;
import org.stackport.shared.FieldError;
import org.stackport.shared.NotFoundException;
import org.stackport.shared.ValidationException;
import org.stackport.tenancy.ProjectAccess;
import org.stackport.ui.Badge;
import org.stackport.ui.CurrentProject;
import org.stackport.ui.EmptyState;
import org.stackport.ui.FieldErrors;
import org.stackport.ui.Notifications;

/**
 * The seed's "Deploying an OpenStack Cluster" steps as a wizard in the current project: basic information,
 * profile, parameters, cloud account and placement, node pools, policies, review (resource plan and preflight),
 * deploy. The server checks everything again; its messages land next to their fields, on their step.
 */
@Route("clusters/new")
@PageTitle("New cluster")
@PermitAll
public class ClusterWizardView extends VerticalLayout {

    static final List<String> STEPS = List.of("Basic information", "Cluster profile", "Parameters",
            "Cloud account and placement", "Node pools", "Policies", "Review");

    // 1. basic information
    final TextField name = new TextField("Cluster name");
    final TextArea description = new TextArea("Description");
    final TextField tags = new TextField("Tags");
    // 2. profile
    final ComboBox<String> profile = new ComboBox<>("Cluster profile");
    final Grid<ResolvedProfile.ResolvedPack> layers = new Grid<>();
    // 3. parameters
    final VerticalLayout parameters = new VerticalLayout();
    final Map<String, TextArea> packValues = new LinkedHashMap<>();
    final Map<String, Pre> packDiffs = new LinkedHashMap<>();
    // 4. account and placement
    final ComboBox<String> account = new ComboBox<>("Cloud account");
    final ComboBox<String> domain = new ComboBox<>("Domain");
    final ComboBox<String> region = new ComboBox<>("Region");
    final ComboBox<String> cloudProject = new ComboBox<>("Project");
    final ComboBox<String> sshKey = new ComboBox<>("SSH key");
    final RadioButtonGroup<String> placement = new RadioButtonGroup<>("Placement");
    final ComboBox<String> network = new ComboBox<>("Network");
    final ComboBox<String> subnet = new ComboBox<>("Subnet");
    final TextField subnetCidr = new TextField("Subnet CIDR");
    final TextField dnsServers = new TextField("DNS name servers");
    // 5. node pools
    final PoolForm masterPool = new PoolForm(true, "master", p -> { });
    final List<PoolForm> workerPools = new ArrayList<>();
    final VerticalLayout workerList = new VerticalLayout();
    final Button addWorkerPool = new Button("Add worker pool", e -> addWorkerPool());
    // 6. policies
    final Checkbox osPatchOnBoot = new Checkbox("Patch OS on boot");
    final Checkbox rebootIfRequired = new Checkbox("Reboot if required");
    final TextField scanSchedule = new TextField("Scan schedule (cron)");
    final TextField backupSchedule = new TextField("Backup schedule (cron)");
    final IntegerField retentionDays = new IntegerField("Backup retention (days)");
    // 7. review
    final VerticalLayout summary = new VerticalLayout();
    final Grid<PlannedResource> plan = new Grid<>(PlannedResource.class, false);
    final Grid<PreflightCheck> preflight = new Grid<>(PreflightCheck.class, false);
    final Paragraph verdict = new Paragraph();

    int step;
    final Span stepTitle = new Span();
    final Button back = new Button("Back", e -> show(step - 1));
    final Button next = new Button("Next", e -> next());
    final Button deploy = new Button("Deploy", e -> deploy());

    private final ClusterService clusters;
    private final ClusterProfileService profiles;
    private final CloudAccountService accounts;
    private final String project;
    private final List<Component> pages = new ArrayList<>();
    final List<StepProblems> stepProblems = new ArrayList<>();
    private final Map<String, HasValidation> fields = new LinkedHashMap<>();
    private final Map<String, Integer> stepOfField = new LinkedHashMap<>();
    private ResolvedProfile resolved;
    private Inventory inventory;
    ClusterReview review;

    public ClusterWizardView(ClusterService clusters, ClusterProfileService profiles, CloudAccountService accounts,
                             CurrentProject currentProject, ProjectAccess access) {
        this.clusters = clusters;
        this.profiles = profiles;
        this.accounts = accounts;
        this.project = currentProject.name().orElse(null);
        setId("cluster-wizard");
        if (project == null) {
            add(new EmptyState("No project yet", "Clusters live in a project; ask a tenant admin to add you to one."));
            return;
        }
        if (!ClustersView.mayCreate(access, project)) {
            add(new EmptyState("You cannot create clusters in project " + project,
                    "Your role in this project lets you read its clusters; a project admin or tenant admin creates them.",
                    new RouterLink("All clusters", ClustersView.class)));
            return;
        }
        H2 title = new H2("New cluster in project " + project);
        stepTitle.setId("cluster-wizard-step");
        HorizontalLayout header = new HorizontalLayout(title, stepTitle);
        header.setAlignItems(Alignment.BASELINE);
        add(header);
        buildBasics();
        buildProfile();
        buildParameters();
        buildPlacement();
        buildPools();
        buildPolicies();
        buildReview();
        pages.forEach(this::add);
        back.setId("cluster-back");
        next.setId("cluster-next");
        deploy.setId("cluster-deploy");
        back.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
        next.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        deploy.addThemeVariants(ButtonVariant.LUMO_PRIMARY, ButtonVariant.LUMO_SUCCESS);
        Button cancel = new Button("Cancel", e -> getUI().ifPresent(ui -> ui.navigate(ClustersView.class)));
        HorizontalLayout footer = new HorizontalLayout(cancel, back, next, deploy);
        footer.addClassName("sp-wizard-footer");
        add(footer);
        show(0);
    }

    // ---- the steps

    private void buildBasics() {
        name.setId("cluster-name");
        name.setPlaceholder("web-prod");
        name.setHelperText("Lower-case letters, digits and '-'");
        tags.setId("cluster-tags");
        tags.setPlaceholder("env:prod, team:web");
        tags.setHelperText("Comma-separated; the cluster list filters by them");
        page(new FormLayout(name, tags, description), Map.of("name", name, "description", description, "tags", tags));
    }

    private void buildProfile() {
        profile.setId("cluster-profile");
        profile.setItems(profiles.list().stream().map(p -> p.name()).toList());
        profile.addValueChangeListener(e -> profileChosen(e.getValue()));
        layers.addColumn(ResolvedProfile.ResolvedPack::layer).setHeader("Layer").setAutoWidth(true);
        layers.addColumn(ResolvedProfile.ResolvedPack::name).setHeader("Pack").setAutoWidth(true);
        layers.addColumn(ResolvedProfile.ResolvedPack::version).setHeader("Version").setAutoWidth(true);
        layers.setAllRowsVisible(true);
        layers.setId("cluster-profile-layers");
        page(new VerticalLayout(profile, layers), Map.of("profile", profile));
    }

    private void profileChosen(String profileName) {
        packValues.clear();
        packDiffs.clear();
        parameters.removeAll();
        resolved = null;
        if (profileName == null) {
            layers.setItems(List.of());
            return;
        }
        try {
            resolved = profiles.resolve(profileName, null);
        } catch (NotFoundException e) {
            Notifications.error(e.getMessage());
            return;
        }
        layers.setItems(resolved.packs());
        parameters.add(new Paragraph("Profile " + resolved.name() + " version " + resolved.version()
                + ". Change a pack's values for this cluster only; the lines that differ from the profile are listed below it."));
        for (ResolvedProfile.ResolvedPack pack : resolved.packs()) {
            TextArea values = new TextArea(pack.layer() + " · " + pack.name() + " " + pack.version());
            values.setId("pack-values-" + pack.name());
            values.setValue(pack.values() == null ? "" : pack.values());
            values.setWidthFull();
            values.addClassName("sp-yaml");
            Pre diff = new Pre();
            diff.setId("pack-diff-" + pack.name());
            diff.setVisible(false);
            values.addValueChangeListener(e -> showDiff(pack, values, diff));
            packValues.put(pack.name(), values);
            packDiffs.put(pack.name(), diff);
            fields.put("packOverrides." + pack.name(), values);
            stepOfField.put("packOverrides." + pack.name(), 2);
            parameters.add(values, diff);
        }
    }

    private static void showDiff(ResolvedProfile.ResolvedPack pack, TextArea values, Pre diff) {
        List<String> lines = LineDiff.of(pack.values(), values.getValue());
        diff.setText(lines.isEmpty() ? "" : "Changed from the profile:\n" + String.join("\n", lines));
        diff.setVisible(!lines.isEmpty());
    }

    private void buildParameters() {
        parameters.setPadding(false);
        page(parameters, Map.of());
    }

    private void buildPlacement() {
        account.setId("cluster-account");
        account.setItems(accounts.list().stream()
                .filter(a -> "tenant".equals(a.scope()) || project.equals(a.project()))
                .map(CloudAccountView::name).toList());
        account.addValueChangeListener(e -> accountChosen(e.getValue()));
        for (ComboBox<String> c : List.of(domain, region, cloudProject, sshKey, network, subnet)) {
            c.setAllowCustomValue(true);
            c.addCustomValueSetListener(e -> c.setValue(e.getDetail()));
        }
        cloudProject.addValueChangeListener(e -> {
            if (e.isFromClient()) {
                reloadInventory();
            }
        });
        region.addValueChangeListener(e -> {
            if (e.isFromClient()) {
                reloadInventory();
            }
        });
        sshKey.setId("cluster-ssh-key");
        network.setId("cluster-network");
        subnet.setId("cluster-subnet");
        subnetCidr.setId("cluster-subnet-cidr");
        dnsServers.setId("cluster-dns");
        placement.setItems("static", "dynamic");
        placement.setItemLabelGenerator(t -> "static".equals(t) ? "Static: an existing network and subnet"
                : "Dynamic: Stackport creates a network, subnet and router");
        placement.setValue("static");
        placement.addValueChangeListener(e -> placementChanged());
        network.addValueChangeListener(e -> subnetsFor(e.getValue()));
        subnetCidr.setPlaceholder("10.20.0.0/24");
        dnsServers.setPlaceholder("8.8.8.8, 1.1.1.1");
        placementChanged();
        FormLayout form = new FormLayout(account, domain, region, cloudProject, sshKey, placement, network, subnet,
                subnetCidr, dnsServers);
        form.setColspan(placement, 2);
        page(form, Map.of("cloudAccount", account, "placement.domain", domain, "placement.region", region,
                "placement.project", cloudProject, "placement.sshKeyName", sshKey, "placement.type", placement,
                "placement.network", network, "placement.subnet", subnet, "placement.subnetCidr", subnetCidr,
                "placement.dnsServers", dnsServers));
    }

    private void accountChosen(String accountName) {
        inventory = null;
        if (accountName == null) {
            return;
        }
        CloudAccountView a = accounts.get(accountName);
        load(a.defaultDomain(), a.defaultProject(), a.parentRegion());
    }

    private void reloadInventory() {
        load(domain.getValue(), cloudProject.getValue(), region.getValue());
    }

    /** Reads what the account sees in the given project and region, and offers it in the drop-downs. */
    private void load(String domainName, String projectName, String regionName) {
        if (account.getValue() == null) {
            return;
        }
        try {
            inventory = accounts.reachableInventory(account.getValue(), domainName, projectName, regionName);
        } catch (ValidationException unreachable) {
            // the account's defaults name a domain, project or region it cannot reach: say so, offer what it can
            inventory = null;
            account.setInvalid(true);
            account.setErrorMessage(unreachable.errors().getFirst().message());
            return;
        } catch (CloudFailure f) {
            inventory = null;
            account.setInvalid(true);
            account.setErrorMessage("The cloud did not answer: " + f.getMessage());
            return;
        }
        account.setInvalid(false);
        domain.setItems(withValue(inventory.domains(), domainName));
        domain.setValue(domainName);
        region.setItems(withValue(inventory.regions(), regionName));
        region.setValue(regionName);
        cloudProject.setItems(withValue(inventory.projects(), projectName));
        cloudProject.setValue(projectName);
        sshKey.setItems(inventory.keypairs());
        if ((sshKey.isEmpty() || !inventory.keypairs().contains(sshKey.getValue())) && !inventory.keypairs().isEmpty()) {
            sshKey.setValue(inventory.keypairs().getFirst());
        }
        network.setItems(inventory.networks().stream().filter(n -> !n.external()).map(Inventory.Network::name).toList());
        subnetsFor(network.getValue());
        masterPool.offer(inventory);
        workerPools.forEach(p -> p.offer(inventory));
    }

    private static List<String> withValue(List<String> items, String value) {
        if (value == null || items.contains(value)) {
            return items;
        }
        List<String> all = new ArrayList<>(items);
        all.add(value);
        return all;
    }

    private void subnetsFor(String networkName) {
        List<Inventory.Subnet> subnets = inventory == null ? List.of() : inventory.subnetsOf(networkName);
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
        subnetCidr.setVisible(!isStatic);
        dnsServers.setVisible(!isStatic);
    }

    private void buildPools() {
        workerList.setPadding(false);
        addWorkerPool.setId("cluster-add-worker-pool");
        masterPool.zones.setId("master-pool-zones");
        addWorkerPool();
        page(new VerticalLayout(masterPool, new H3("Worker pools"), workerList, addWorkerPool), Map.of());
        masterPool.fields().forEach((f, c) -> {
            fields.put("masterPool." + f, c);
            stepOfField.put("masterPool." + f, 4);
        });
    }

    void addWorkerPool() {
        int n = workerPools.size() + 1;
        PoolForm pool = new PoolForm(false, n == 1 ? "worker-pool" : "worker-pool-" + n, this::removeWorkerPool);
        pool.name.setId("worker-pool-name-" + (n - 1));
        pool.zones.setId("worker-pool-zones-" + (n - 1));
        if (inventory != null) {
            pool.offer(inventory);
        }
        workerPools.add(pool);
        workerList.add(pool);
    }

    private void removeWorkerPool(PoolForm pool) {
        workerPools.remove(pool);
        workerList.remove(pool);
    }

    private void buildPolicies() {
        scanSchedule.setPlaceholder("0 3 * * 0 (Sundays at 03:00)");
        scanSchedule.setHelperText("Five fields: minute hour day month weekday; empty for no scans");
        backupSchedule.setPlaceholder("0 2 * * *");
        backupSchedule.setHelperText("Empty for no backups");
        retentionDays.setValue(7);
        rebootIfRequired.setEnabled(false);
        osPatchOnBoot.addValueChangeListener(e -> {
            rebootIfRequired.setEnabled(e.getValue());
            if (!e.getValue()) {
                rebootIfRequired.setValue(false);
            }
        });
        scanSchedule.setId("cluster-scan-schedule");
        backupSchedule.setId("cluster-backup-schedule");
        FormLayout form = new FormLayout(osPatchOnBoot, rebootIfRequired, scanSchedule, backupSchedule, retentionDays);
        page(form, Map.of("policies.scanSchedule", scanSchedule, "policies.backup.schedule", backupSchedule,
                "policies.backup.retentionDays", retentionDays));
    }

    private void buildReview() {
        summary.setPadding(false);
        summary.setId("cluster-summary");
        plan.setId("cluster-plan");
        plan.addColumn(PlannedResource::kind).setHeader("Kind").setAutoWidth(true);
        plan.addColumn(PlannedResource::name).setHeader("Name").setAutoWidth(true);
        plan.addColumn(PlannedResource::detail).setHeader("Detail").setFlexGrow(1);
        plan.setAllRowsVisible(true);
        plan.addThemeVariants(GridVariant.LUMO_WRAP_CELL_CONTENT);
        preflight.setId("cluster-preflight");
        preflight.addComponentColumn(c -> new Badge(c.ok() ? "ok" : "fails", c.ok() ? "success" : "error"))
                .setHeader("").setAutoWidth(true).setFlexGrow(0);
        preflight.addColumn(PreflightCheck::check).setHeader("Check").setAutoWidth(true);
        preflight.addColumn(PreflightCheck::detail).setHeader("Detail").setFlexGrow(1);
        preflight.setAllRowsVisible(true);
        // a failing check's detail says what is missing and by how much: it wraps instead of being cut off
        preflight.addThemeVariants(GridVariant.LUMO_WRAP_CELL_CONTENT);
        verdict.setId("cluster-verdict");
        verdict.getElement().setAttribute("tabindex", "-1");
        VerticalLayout content = new VerticalLayout(summary, new H3("Preflight"), verdict, preflight, new H3("Resource plan"), plan);
        content.setPadding(false);
        page(content, Map.of());
    }

    private void page(Component content, Map<String, HasValidation> pageFields) {
        int index = pages.size();
        pageFields.forEach((f, c) -> {
            fields.put(f, c);
            stepOfField.put(f, index);
        });
        StepProblems problems = new StepProblems();
        problems.setId("cluster-step-problems-" + index);
        stepProblems.add(problems);
        VerticalLayout wrapper = new VerticalLayout(problems, content);
        wrapper.setPadding(false);
        pages.add(wrapper);
    }

    // ---- navigation

    void show(int index) {
        step = Math.max(0, Math.min(index, pages.size() - 1));
        for (int i = 0; i < pages.size(); i++) {
            pages.get(i).setVisible(i == step);
        }
        stepTitle.setText("Step " + (step + 1) + " of " + pages.size() + ": " + STEPS.get(step));
        back.setEnabled(step > 0);
        next.setVisible(step < pages.size() - 1);
        deploy.setVisible(step == pages.size() - 1);
        if (step == pages.size() - 1) {
            // the review has no field: its verdict is what to read first
            verdict.getElement().executeJs("this.focus()");
        } else {
            WizardFocus.first(pages.get(step));
        }
    }

    /**
     * Each step is checked before the wizard goes on: its fields against the rules the server applies too
     * (required fields and formats), the parameters step's values by the profile service, the placement step's
     * account by its cloud. Reaching the review asks the server for plan and preflight.
     */
    void next() {
        List<FieldError> problems = new ArrayList<>(ruleProblems(step));
        if (step == 1 && resolved == null && problems.isEmpty()) {
            problems.add(new FieldError("profile", "choose a cluster profile"));
        }
        if (step == 2 && resolved != null) {
            try {
                profiles.resolveWithOverrides(resolved.name(), resolved.version(), overrides());
            } catch (ValidationException e) {
                problems.addAll(locate(e.errors()));
            }
        }
        if (step == 3 && account.getValue() != null && inventory == null) {
            problems.add(new FieldError("cloudAccount", "choose a cloud account whose cloud answers"));
        }
        if (!showStepProblems(step, problems)) {
            return;
        }
        if (step == 5) {
            try {
                review = clusters.review(project, spec());
            } catch (ValidationException e) {
                showErrors(e);
                return;
            } catch (CloudFailure f) {
                Notifications.error(f.getMessage());
                return;
            }
            FieldErrors.clear(presentFields());
            stepProblems.forEach(p -> p.show(List.of()));
            showReview();
        }
        show(step + 1);
    }

    /** What the cluster rules find wrong in the fields of one step (the rest of the request is checked on its own step). */
    private List<FieldError> ruleProblems(int page) {
        Errors errors = new Errors();
        ClusterRules.check(spec(), errors);
        try {
            errors.throwIfAny();
            return List.of();
        } catch (ValidationException e) {
            return locate(e.errors()).stream().filter(f -> Objects.equals(stepOf(f.field()), page)).toList();
        }
    }

    /**
     * Shows a step's problems on its fields and, in short, above them, focusing the first field at fault;
     * true when there are none.
     */
    private boolean showStepProblems(int page, List<FieldError> problems) {
        Map<String, HasValidation> present = presentFields();
        Map<String, HasValidation> onPage = new LinkedHashMap<>();
        present.forEach((f, c) -> {
            if (Objects.equals(stepOf(f), page)) {
                onPage.put(f, c);
            }
        });
        FieldErrors.show(new ValidationException(problems.stream().filter(f -> onPage.containsKey(f.field())).toList()), onPage);
        stepProblems.get(page).show(problems.stream().map(f -> labelOf(f.field(), present) + ": " + f.message()).toList());
        problems.stream().map(f -> present.get(f.field())).filter(c -> c instanceof Component).findFirst()
                .ifPresent(c -> WizardFocus.on((Component) c));
        return problems.isEmpty();
    }

    private static String capitalize(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    private static String labelOf(String field, Map<String, HasValidation> present) {
        HasValidation c = present.get(field);
        if (c instanceof HasAriaLabel a && a.getAriaLabel().isPresent()) {
            return a.getAriaLabel().get();
        }
        if (c instanceof HasLabel l && l.getLabel() != null && !l.getLabel().isBlank()) {
            return l.getLabel();
        }
        return "workerPools".equals(field) ? "Worker pools" : field;
    }

    private void showReview() {
        ClusterSpec s = spec();
        summary.removeAll();
        summary.add(new Paragraph("Cluster " + s.name() + (s.tags().isEmpty() ? "" : " (tags " + String.join(", ", s.tags()) + ")")
                + " from profile " + s.profile() + " version " + review.profileVersion()
                + (s.packOverrides().isEmpty() ? "" : ", with changed values for " + String.join(", ", s.packOverrides().keySet()))
                + "."));
        summary.add(new Paragraph("Cloud account " + s.cloudAccount() + ", SSH key " + s.placement().sshKeyName() + ": "
                + SpecText.placement(s.placement()) + "."));
        summary.add(new Paragraph("Master pool: " + SpecText.masterPool(s.masterPool()) + "."));
        for (ClusterSpec.WorkerPool w : s.workerPools()) {
            summary.add(new Paragraph("Worker pool " + w.name() + ": " + SpecText.workerPool(w) + "."));
        }
        summary.add(new Paragraph("Policies: " + SpecText.policies(s.policies()) + "."));
        plan.setItems(review.plan());
        preflight.setItems(review.checks().stream().sorted(java.util.Comparator.comparing(PreflightCheck::ok)).toList());
        long failing = review.failures().size();
        verdict.setText(failing == 0 ? "Every check passes: the cloud can take this cluster."
                : failing + " check(s) fail: the cluster would not deploy. Fix them, or change the cloud's quota, first.");
        verdict.getStyle().set("color", failing == 0 ? "var(--lumo-success-text-color)" : "var(--lumo-error-text-color)");
        deploy.setEnabled(failing == 0);
    }

    void deploy() {
        try {
            ClusterDetails created = clusters.create(project, spec());
            Notifications.success("Cluster " + created.name() + " is " + created.status() + ": " + created.statusDetail());
            getUI().ifPresent(ui -> ui.navigate(ClusterView.class, created.name()));
        } catch (ValidationException e) {
            showErrors(e);
        } catch (CloudFailure f) {
            Notifications.error(f.getMessage());
        }
    }

    /** Puts each message of a server refusal next to its field and opens the first step that has one, summed up on top. */
    private void showErrors(ValidationException e) {
        List<FieldError> located = locate(e.errors());
        FieldErrors.clear(presentFields());
        stepProblems.forEach(p -> p.show(List.of()));
        Integer first = located.stream().map(f -> stepOf(f.field())).filter(Objects::nonNull).min(Integer::compare).orElse(null);
        if (first == null) {
            located.forEach(f -> Notifications.error(f.field() + ": " + f.message()));
            return;
        }
        Map<String, HasValidation> present = presentFields();
        located.stream().filter(f -> !Objects.equals(stepOf(f.field()), first) && present.containsKey(f.field()))
                .forEach(f -> {
                    present.get(f.field()).setErrorMessage(capitalize(f.message()));
                    present.get(f.field()).setInvalid(true);
                });
        show(first);
        showStepProblems(first, located.stream().filter(f -> Objects.equals(stepOf(f.field()), first)).toList());
    }

    /** Every field of the wizard by its request name, the worker pools' included. */
    private Map<String, HasValidation> presentFields() {
        Map<String, HasValidation> present = new LinkedHashMap<>();
        fields.forEach((k, v) -> {
            if (v != null) {
                present.put(k, v);
            }
        });
        for (int i = 0; i < workerPools.size(); i++) {
            int index = i;
            workerPools.get(i).fields().forEach((f, c) -> present.put("workerPools[" + index + "]." + f, c));
        }
        return present;
    }

    private List<FieldError> locate(List<FieldError> errors) {
        Map<String, HasValidation> present = presentFields();
        return errors.stream().map(f -> new FieldError(locate(f.field(), present), f.message())).toList();
    }

    /** The wizard field a server field belongs to: "masterPool.labels.x" → masterPool.labels, "tags[1]" → tags. */
    private static String locate(String field, Map<String, HasValidation> present) {
        String f = field;
        while (!present.containsKey(f)) {
            String shorter = f.replaceAll("\\[\\d+]$", "");
            if (shorter.equals(f)) {
                int dot = f.lastIndexOf('.');
                if (dot < 0) {
                    return field;
                }
                shorter = f.substring(0, dot);
            }
            f = shorter;
        }
        return f;
    }

    private Integer stepOf(String field) {
        if (field.startsWith("workerPools")) {
            return 4;
        }
        if (field.startsWith("quota.") || field.equals("preflight")) {
            return 6;
        }
        return stepOfField.get(field);
    }

    // ---- the request

    Map<String, String> overrides() {
        Map<String, String> changed = new LinkedHashMap<>();
        if (resolved == null) {
            return changed;
        }
        for (ResolvedProfile.ResolvedPack pack : resolved.packs()) {
            TextArea values = packValues.get(pack.name());
            if (values != null && !Objects.equals(values.getValue().strip(), pack.values() == null ? "" : pack.values().strip())) {
                changed.put(pack.name(), values.getValue());
            }
        }
        return changed;
    }

    ClusterSpec spec() {
        boolean isStatic = "static".equals(placement.getValue());
        return new ClusterSpec(name.getValue().strip(), description.getValue(), Texts.list(tags.getValue()), profile.getValue(),
                overrides(), account.getValue(),
                new ClusterSpec.Placement(domain.getValue(), region.getValue(), cloudProject.getValue(), sshKey.getValue(),
                        placement.getValue(), isStatic ? network.getValue() : null, isStatic ? subnet.getValue() : null,
                        isStatic ? null : subnetCidr.getValue().strip(), isStatic ? null : Texts.list(dnsServers.getValue())),
                masterPool.masterPool(), workerPools.stream().map(PoolForm::workerPool).toList(),
                new ClusterSpec.Policies(osPatchOnBoot.getValue(), rebootIfRequired.getValue(), scanSchedule.getValue().strip(),
                        new ClusterSpec.Backup(backupSchedule.getValue().strip(), retentionDays.getValue())));
    }
}
