package org.stackport.profile.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextArea;
import java.util.List;
import org.stackport.profile.ClusterProfileService;
import org.stackport.profile.ProfileVersionInfo;
import org.stackport.profile.ProfileView;
import org.stackport.ui.Times;

/** Every version of a profile, newest first; the chosen one's packs and values, read-only. */
class VersionsDialog extends Dialog {

    final Grid<ProfileVersionInfo> versions = new Grid<>(ProfileVersionInfo.class, false);
    final VerticalLayout packs = new VerticalLayout();
    private final ClusterProfileService profiles;
    private final String name;

    VersionsDialog(ClusterProfileService profiles, String name) {
        this.profiles = profiles;
        this.name = name;
        setHeaderTitle("Versions of " + name);
        setWidth("56rem");
        setId("profile-versions");
        versions.setId("profile-version-list");
        versions.addColumn(v -> v.version() + (v.latest() ? " (latest)" : "")).setHeader("Version").setAutoWidth(true);
        versions.addColumn(ProfileVersionInfo::layers).setHeader("Layers").setFlexGrow(1);
        versions.addColumn(ProfileVersionInfo::createdBy).setHeader("By").setAutoWidth(true);
        versions.addColumn(v -> Times.minutes(v.createdAt())).setHeader("Made").setAutoWidth(true);
        versions.setAllRowsVisible(true);
        versions.addSelectionListener(e -> e.getFirstSelectedItem().ifPresent(v -> show(v.version())));
        packs.setPadding(false);
        add(versions, packs);
        List<ProfileVersionInfo> all = profiles.versions(name);
        versions.setItems(all);
        if (!all.isEmpty()) {
            versions.select(all.getFirst());
        }
        getFooter().add(new Button("Close", e -> close()));
    }

    private void show(String v) {
        packs.removeAll();
        ProfileView view = profiles.get(name, v);
        packs.add(new Paragraph("Version " + view.version() + (view.description() == null ? "" : ": " + view.description())));
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
