package org.stackport.profile.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import jakarta.annotation.security.PermitAll;
import java.util.List;
import org.springframework.security.access.AccessDeniedException;
import org.stackport.profile.ClusterProfileService;
import org.stackport.profile.ProfileSummary;
import org.stackport.shared.ConflictException;
import org.stackport.shared.NotFoundException;
import org.stackport.ui.EmptyState;
import org.stackport.ui.Notifications;
import org.stackport.ui.Times;

/** The tenant's cluster profiles: list, new profile, new version, versions, delete. */
@Route("cluster-profiles")
@PageTitle("Cluster Profiles")
@Menu(title = "Cluster Profiles", order = 2, icon = "vaadin:stock")
@PermitAll
public class ClusterProfilesView extends VerticalLayout {

    final Grid<ProfileSummary> grid = new Grid<>(ProfileSummary.class, false);
    final Button create = new Button("New profile");
    final EmptyState empty = new EmptyState("No cluster profiles",
            "A cluster profile stacks the packs a cluster is built from: operating system, Kubernetes, network, storage "
                    + "and add-ons, each with its version and values.");
    ProfileEditor editor;
    VersionsDialog versions;
    ConfirmDialog deleteConfirm;
    private final ClusterProfileService profiles;
    private final boolean author;

    public ClusterProfilesView(ClusterProfileService profiles) {
        this.profiles = profiles;
        this.author = profiles.canAuthor();
        setSizeFull();
        setId("profiles-view");
        create.setId("new-profile");
        create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        create.addClickListener(e -> openEditor(null));
        create.setVisible(author);
        grid.setId("profiles");
        grid.addColumn(ProfileSummary::name).setHeader("Name").setAutoWidth(true);
        grid.addColumn(ProfileSummary::version).setHeader("Version").setAutoWidth(true);
        // the two long texts share the room that is left and wrap, so the actions stay in view on a laptop screen
        grid.addColumn(ProfileSummary::layers).setHeader("Layers").setWidth("8rem").setFlexGrow(1);
        grid.addColumn(p -> p.description() == null ? "" : p.description()).setHeader("Description").setWidth("8rem")
                .setFlexGrow(2);
        grid.addColumn(p -> Times.minutes(p.updatedAt())).setHeader("Updated").setAutoWidth(true);
        grid.addComponentColumn(p -> {
            Button versions = new Button("Versions", e -> openVersions(p.name()));
            Button edit = new Button("New version", e -> openEditor(p.name()));
            Button delete = new Button("Delete", e -> confirmDelete(p.name()));
            delete.addThemeVariants(ButtonVariant.LUMO_ERROR, ButtonVariant.LUMO_TERTIARY);
            edit.setVisible(author);
            delete.setVisible(author);
            for (Button b : List.of(versions, edit, delete)) {
                b.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_TERTIARY_INLINE);
            }
            HorizontalLayout actions = new HorizontalLayout(versions, edit, delete);
            actions.setSpacing(false);
            actions.getStyle().set("gap", "var(--lumo-space-m)");
            return actions;
        }).setAutoWidth(true).setFlexGrow(0).setFrozenToEnd(true);
        grid.addThemeVariants(GridVariant.LUMO_WRAP_CELL_CONTENT);
        add(new Paragraph("Profiles are shared by every project of the tenant. A change makes a new version; clusters keep "
                + "the version they were built from."), create, empty, grid);
        refresh();
    }

    void refresh() {
        var list = profiles.list();
        grid.setItems(list);
        grid.setVisible(!list.isEmpty());
        empty.setVisible(list.isEmpty());
    }

    void openEditor(String name) {
        editor = new ProfileEditor(profiles, name, saved -> {
            refresh();
            Notifications.success("Cluster profile " + saved.name() + " version " + saved.version() + " saved");
        });
        editor.open();
    }

    void openVersions(String name) {
        try {
            versions = new VersionsDialog(profiles, name);
            versions.open();
        } catch (NotFoundException e) {
            Notifications.error(e.getMessage());
            refresh();
        }
    }

    void confirmDelete(String name) {
        ConfirmDialog confirm = new ConfirmDialog("Delete cluster profile " + name + "?",
                "All its versions go. Clusters built from it keep their own copy, but a profile in use cannot be deleted.",
                "Delete", e -> {
            try {
                profiles.delete(name);
                refresh();
                Notifications.success("Cluster profile " + name + " deleted");
            } catch (ConflictException | NotFoundException | AccessDeniedException ex) {
                Notifications.error(ex.getMessage());
                refresh();
            }
        });
        confirm.setCancelable(true);
        confirm.setConfirmButtonTheme("error primary");
        deleteConfirm = confirm;
        confirm.open();
    }
}
