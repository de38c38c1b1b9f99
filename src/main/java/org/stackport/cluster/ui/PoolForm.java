package org.stackport.cluster.ui;

import com.vaadin.flow.component.HasAriaLabel;
import com.vaadin.flow.component.HasLabel;
import com.vaadin.flow.component.HasValidation;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.combobox.MultiSelectComboBox;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.html.H4;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.radiobutton.RadioButtonGroup;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.TextField;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.stackport.account.Inventory;
import org.stackport.cluster.ClusterRules;
import org.stackport.cluster.ClusterSpec;

/**
 * One node pool of the wizard, the seed's Master Pool or Worker Pool table: instance types and zones come from
 * the account's inventory and show vCPU and RAM; a worker pool's fixed size hides while its autoscaler is on.
 */
class PoolForm extends VerticalLayout {

    /** Makes the pools' heading ids unique within a page, for aria-labelledby. */
    private static final AtomicLong SEQUENCE = new AtomicLong();

    final boolean master;
    final TextField name = new TextField("Node pool name");
    final RadioButtonGroup<Integer> masterSize = new RadioButtonGroup<>("Size");
    final Checkbox allowWorkerCapability = new Checkbox("Allow worker capability");
    final Checkbox autoscaler = new Checkbox("Enable autoscaler");
    final IntegerField size = new IntegerField("Size");
    final IntegerField min = new IntegerField("Minimum size");
    final IntegerField max = new IntegerField("Maximum size");
    final Select<String> rollingUpdate = new Select<>();
    final TextField labels = new TextField("Labels");
    final TextField taints = new TextField("Taints");
    final ComboBox<String> instanceType = new ComboBox<>("Instance type");
    final MultiSelectComboBox<String> zones = new MultiSelectComboBox<>("Availability zones");
    final IntegerField diskGiB = new IntegerField("Disk size (GiB)");
    final Button remove = new Button("Remove pool");
    final H4 title = new H4();

    PoolForm(boolean master, String poolName, Consumer<PoolForm> onRemove) {
        this.master = master;
        setPadding(false);
        addClassName("sp-pool");
        name.setValue(poolName);
        masterSize.setItems(ClusterRules.MASTER_SIZES);
        masterSize.setValue(1);
        masterSize.setHelperText("1, 3 or 5: an odd number keeps etcd's quorum");
        size.setValue(1);
        size.setMin(0);
        size.setStepButtonsVisible(true);
        min.setValue(1);
        max.setValue(3);
        min.setVisible(false);
        max.setVisible(false);
        autoscaler.addValueChangeListener(e -> {
            size.setVisible(!e.getValue());
            min.setVisible(e.getValue());
            max.setVisible(e.getValue());
        });
        rollingUpdate.setLabel("Rolling update");
        rollingUpdate.setItems(ClusterRules.ROLLING_UPDATES);
        rollingUpdate.setItemLabelGenerator(r -> "expand-first".equals(r)
                ? "Expand first: add a new node, then remove an old one" : "Contract first: remove an old node, then add a new one");
        rollingUpdate.setValue("expand-first");
        labels.setPlaceholder("tier=web, team=payments");
        labels.setHelperText("key=value, comma-separated, as Kubernetes labels");
        taints.setPlaceholder("dedicated=gpu:NoSchedule");
        taints.setHelperText("key=value:Effect (NoSchedule, PreferNoSchedule or NoExecute)");
        instanceType.setAllowCustomValue(true);
        instanceType.addCustomValueSetListener(e -> instanceType.setValue(e.getDetail()));
        diskGiB.setValue(60);
        diskGiB.setMin(1);
        diskGiB.setSuffixComponent(new Span("GiB"));
        remove.addThemeVariants(ButtonVariant.LUMO_ERROR, ButtonVariant.LUMO_TERTIARY);
        remove.addClickListener(e -> onRemove.accept(this));

        FormLayout form = new FormLayout();
        if (master) {
            name.setReadOnly(true);
            form.add(name, masterSize, allowWorkerCapability);
        } else {
            form.add(name, autoscaler, size, min, max, rollingUpdate);
        }
        form.add(instanceType, zones, diskGiB, labels, taints);
        add(master ? title : new HorizontalLayout(title, remove), form);
        // a group named by its heading, like a fieldset with its legend; each field's accessible name says its pool
        // too, as the master and worker pools have the same visible labels ("Instance type" twice)
        title.setId("pool-title-" + SEQUENCE.incrementAndGet());
        getElement().setAttribute("role", "group");
        getElement().setAttribute("aria-labelledby", title.getId().orElseThrow());
        zones.setRequiredIndicatorVisible(true);
        zones.setHelperText("Choose at least one; the pool's nodes are spread across the zones chosen");
        name.addValueChangeListener(e -> relabel());
        relabel();
    }

    /** The pool's heading and its fields' accessible names, after the pool's (changing) name. */
    private void relabel() {
        String pool = master ? "Master pool" : "Worker pool " + (name.getValue().isBlank() ? "(no name yet)" : name.getValue().strip());
        title.setText(pool);
        remove.setAriaLabel("Remove " + pool.toLowerCase(Locale.ROOT));
        for (var field : List.<HasAriaLabel>of(name, masterSize, allowWorkerCapability, autoscaler, size,
                min, max, rollingUpdate, labels, taints, instanceType, zones, diskGiB)) {
            String label = field instanceof HasLabel l ? l.getLabel() : null;
            field.setAriaLabel(pool + ": " + (label == null ? "" : label));
        }
    }

    /** Fills the choices from the account's cloud; keeps what was chosen if it still exists. */
    void offer(Inventory inventory) {
        List<String> flavors = inventory.flavors().stream().map(Inventory.Flavor::name).toList();
        instanceType.setItems(flavors);
        instanceType.setItemLabelGenerator(n -> inventory.flavors().stream().filter(f -> f.name().equals(n)).findFirst()
                .map(f -> f.name() + " (" + f.vcpus() + " vCPU, " + f.ramMiB() + " MiB RAM)").orElse(n));
        if (instanceType.isEmpty() && !flavors.isEmpty()) {
            instanceType.setValue(flavors.stream().filter(f -> f.contains("medium")).findFirst().orElse(flavors.getFirst()));
        }
        // no zone is chosen for the user: the service needs at least one, and which one is theirs to say
        var chosen = zones.getSelectedItems();
        zones.setItems(inventory.availabilityZones());
        zones.select(chosen.stream().filter(inventory.availabilityZones()::contains).toList());
    }

    ClusterSpec.MasterPool masterPool() {
        return new ClusterSpec.MasterPool(masterSize.getValue(), allowWorkerCapability.getValue(), Texts.labels(labels.getValue()),
                Texts.taints(taints.getValue()), instanceType.getValue(), List.copyOf(zones.getSelectedItems()), diskGiB.getValue());
    }

    ClusterSpec.WorkerPool workerPool() {
        boolean scaled = autoscaler.getValue();
        Integer poolSize = scaled ? min.getValue() : size.getValue();
        return new ClusterSpec.WorkerPool(name.getValue().strip(), poolSize,
                new ClusterSpec.Autoscaler(scaled, scaled ? min.getValue() : null, scaled ? max.getValue() : null),
                rollingUpdate.getValue(), Texts.labels(labels.getValue()), Texts.taints(taints.getValue()),
                instanceType.getValue(), List.copyOf(zones.getSelectedItems()), diskGiB.getValue());
    }

    /** This pool's fields by the request's field names below the pool's prefix (e.g. "size", "autoscaler.min"). */
    Map<String, HasValidation> fields() {
        Map<String, HasValidation> f = new LinkedHashMap<>();
        f.put("name", name);
        f.put("size", master ? masterSize : autoscaler.getValue() ? min : size);
        f.put("autoscaler.min", min);
        f.put("autoscaler.max", max);
        f.put("rollingUpdate", rollingUpdate);
        f.put("labels", labels);
        f.put("taints", taints);
        f.put("instanceType", instanceType);
        f.put("availabilityZones", zones);
        f.put("diskGiB", diskGiB);
        return f;
    }
}
