package org.stackport.profile.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextArea;
import org.stackport.profile.ClusterProfileService;
import org.stackport.profile.ProfileView;

/** Every version of a profile, read-only. */
class VersionsDialog extends Dialog {

    final Select<String> version = new Select<>();
    final VerticalLayout packs = new VerticalLayout();
    private final ClusterProfileService profiles;
    private final String name;

    VersionsDialog(ClusterProfileService profiles, String name) {
        this.profiles = profiles;
        this.name = name;
        setHeaderTitle("Versions of " + name);
        setWidth("48rem");
        ProfileView latest = profiles.get(name, null);
        version.setLabel("Version");
        version.setItems(latest.versions());
        version.addValueChangeListener(e -> show(e.getValue()));
        packs.setPadding(false);
        add(version, packs);
        version.setValue(latest.version());
        getFooter().add(new Button("Close", e -> close()));
    }

    private void show(String v) {
        packs.removeAll();
        ProfileView view = profiles.get(name, v);
        packs.add(new Paragraph("Version " + view.version() + " by " + view.createdBy() + " at " + view.createdAt()
                + (view.description() == null ? "" : ": " + view.description())));
        view.packs().forEach(p -> {
            TextArea values = new TextArea(p.layer() + " · " + p.name() + " " + p.version());
            values.setValue(p.values());
            values.setReadOnly(true);
            values.setWidthFull();
            values.addClassName("sp-yaml");
            packs.add(values);
        });
    }
}
