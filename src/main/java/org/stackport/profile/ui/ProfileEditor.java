package org.stackport.profile.ui;

import com.vaadin.flow.component.HasValidation;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.html.H4;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.springframework.security.access.AccessDeniedException;
import org.stackport.profile.ClusterProfileService;
import org.stackport.profile.Pack;
import org.stackport.profile.PackCatalog;
import org.stackport.profile.ProfileCommand;
import org.stackport.profile.ProfilePack;
import org.stackport.profile.ProfileView;
import org.stackport.shared.ConflictException;
import org.stackport.shared.NotFoundException;
import org.stackport.shared.ValidationException;
import org.stackport.ui.FieldErrors;
import org.stackport.ui.Notifications;

/**
 * Makes a profile, or a new version of one: a pack and version for each core layer with its values (prefilled
 * with the catalog's defaults), and any add-ons. The server's messages land on the pack they are about.
 */
class ProfileEditor extends Dialog {

    final TextField name = new TextField("Name");
    final TextField version = new TextField("Version");
    final TextArea description = new TextArea("Description");
    final List<Layer> layers = new ArrayList<>();
    final VerticalLayout addons = new VerticalLayout();
    final Select<String> addonChoice = new Select<>();
    final Button addAddon = new Button("Add add-on", e -> addAddon(addonChoice.getValue(), null));
    final Button save = new Button("Save");
    private final ClusterProfileService profiles;
    private final List<Pack> catalog;
    private final String existing;
    private final Consumer<ProfileView> onSaved;

    /** One pack of the stack: which pack, which version, its values. */
    final class Layer extends VerticalLayout {
        final String layer;
        final Select<String> pack = new Select<>();
        final Select<String> packVersion = new Select<>();
        final TextArea values = new TextArea("Values (YAML)");
        private boolean switching;

        Layer(String layer, ProfilePack current) {
            this.layer = layer;
            setPadding(false);
            List<Pack> choices = catalog.stream().filter(p -> p.layer().equals(layer)).toList();
            pack.setLabel(switch (layer) {
                case "os" -> "Operating system";
                case "k8s" -> "Kubernetes";
                case "cni" -> "Network (CNI)";
                case "csi" -> "Storage (CSI)";
                default -> "Add-on";
            });
            pack.setItems(choices.stream().map(Pack::name).toList());
            pack.setItemLabelGenerator(n -> choices.stream().filter(p -> p.name().equals(n)).findFirst().map(Pack::displayName).orElse(n));
            packVersion.setLabel("Version");
            values.setWidthFull();
            values.addClassName("sp-yaml");
            pack.setId("profile-" + layer + "-pack");
            packVersion.setId("profile-" + layer + "-version");
            values.setId("profile-" + layer + "-values");
            // another pack starts from its own defaults; another version of the same pack keeps the user's edits
            // and moves the version inside them (kubernetesVersion, image, chartVersion follow the pack's version)
            pack.addValueChangeListener(e -> {
                Pack p = packNamed(e.getValue());
                switching = true;
                packVersion.setItems(p.versions());
                packVersion.setValue(p.versions().getLast());
                switching = false;
                values.setValue(p.defaultValues().get(p.versions().getLast()));
            });
            packVersion.addValueChangeListener(e -> {
                if (switching || e.getValue() == null || pack.getValue() == null) {
                    return;
                }
                Pack p = packNamed(pack.getValue());
                String text = values.getValue();
                String old = e.getOldValue();
                if (old == null || text.isBlank() || text.equals(p.defaultValues().get(old))) {
                    values.setValue(p.defaultValues().get(e.getValue()));
                } else {
                    values.setValue(text.replace(old, e.getValue()));
                }
            });
            if (current != null) {
                pack.setValue(current.name());
                packVersion.setValue(current.version());
                values.setValue(current.values());
            } else if (!choices.isEmpty()) {
                pack.setValue(choices.getFirst().name());
            }
            HorizontalLayout head = new HorizontalLayout(pack, packVersion);
            if ("addon".equals(layer)) {
                pack.setReadOnly(true);
                Button remove = new Button("Remove", e -> {
                    layers.remove(this);
                    addons.remove(this);
                });
                remove.addThemeVariants(ButtonVariant.LUMO_ERROR, ButtonVariant.LUMO_TERTIARY);
                head.add(remove);
                head.setAlignItems(com.vaadin.flow.component.orderedlayout.FlexComponent.Alignment.BASELINE);
            }
            add(head, values);
        }

        ProfilePack value() {
            return new ProfilePack(layer, pack.getValue(), packVersion.getValue(), values.getValue());
        }
    }

    ProfileEditor(ClusterProfileService profiles, String existing, Consumer<ProfileView> onSaved) {
        this.profiles = profiles;
        this.catalog = profiles.packs();
        this.existing = existing;
        this.onSaved = onSaved;
        setWidth("56rem");
        setId("profile-editor");
        name.setId("profile-name");
        version.setId("profile-version");
        save.setId("save-profile");
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        save.addClickListener(e -> save());
        ProfileView current = null;
        if (existing != null) {
            try {
                current = profiles.get(existing, null);
            } catch (NotFoundException e) {
                Notifications.error(e.getMessage());
            }
        }
        setHeaderTitle(current == null ? "New cluster profile" : "New version of " + existing);
        name.setValue(current == null ? "" : current.name());
        name.setReadOnly(current != null);
        version.setPlaceholder(current == null ? ClusterProfileService.FIRST_VERSION : "after " + current.version());
        version.setHelperText("Leave empty for " + (current == null ? ClusterProfileService.FIRST_VERSION : "the next patch version"));
        description.setValue(current == null || current.description() == null ? "" : current.description());
        FormLayout head = new FormLayout(name, version, description);
        head.setColspan(description, 2);
        add(head);
        for (String layer : PackCatalog.CORE_LAYERS) {
            ProfilePack pack = current == null ? null
                    : current.packs().stream().filter(p -> p.layer().equals(layer)).findFirst().orElse(null);
            Layer l = new Layer(layer, pack);
            layers.add(l);
            add(l);
        }
        addons.setPadding(false);
        addonChoice.setLabel("Add-on");
        addonChoice.setItems(catalog.stream().filter(p -> p.layer().equals("addon")).map(Pack::name).toList());
        addonChoice.setId("profile-addon-choice");
        addAddon.setId("profile-add-addon");
        HorizontalLayout addonBar = new HorizontalLayout(addonChoice, addAddon);
        addonBar.setAlignItems(com.vaadin.flow.component.orderedlayout.FlexComponent.Alignment.BASELINE);
        add(new H4("Add-ons"), addons, addonBar);
        if (current != null) {
            current.packs().stream().filter(p -> p.layer().equals("addon")).forEach(p -> addAddon(p.name(), p));
        }
        getFooter().add(new Button("Cancel", e -> close()), save);
    }

    private Pack packNamed(String packName) {
        return catalog.stream().filter(x -> x.name().equals(packName)).findFirst().orElseThrow();
    }

    void addAddon(String packName, ProfilePack current) {
        if (packName == null || layers.stream().anyMatch(l -> l.layer.equals("addon") && packName.equals(l.pack.getValue()))) {
            return;
        }
        Pack p = packNamed(packName);
        Layer l = new Layer("addon", current == null ? new ProfilePack("addon", p.name(), p.versions().getLast(),
                p.defaultValues().get(p.versions().getLast())) : current);
        layers.add(l);
        addons.add(l);
    }

    ProfileCommand command() {
        return new ProfileCommand(name.getValue().strip(), version.getValue().strip(), description.getValue(), "openstack",
                "infrastructure", layers.stream().map(Layer::value).toList());
    }

    void save() {
        Map<String, HasValidation> fields = new LinkedHashMap<>();
        fields.put("name", name);
        fields.put("version", version);
        fields.put("description", description);
        for (int i = 0; i < layers.size(); i++) {
            fields.put("packs[" + i + "].layer", layers.get(i).pack);
            fields.put("packs[" + i + "].name", layers.get(i).pack);
            fields.put("packs[" + i + "].version", layers.get(i).packVersion);
            fields.put("packs[" + i + "].values", layers.get(i).values);
        }
        try {
            ProfileView saved = existing == null ? profiles.create(command()) : profiles.update(existing, command());
            close();
            onSaved.accept(saved);
        } catch (ValidationException e) {
            FieldErrors.show(e, fields);
        } catch (AccessDeniedException | NotFoundException | ConflictException e) {
            Notifications.error(e.getMessage());
        }
    }
}
