package org.stackport.tenancy.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import jakarta.annotation.security.RolesAllowed;
import java.util.Map;
import org.stackport.security.Roles;
import org.stackport.shared.ValidationException;
import org.stackport.tenancy.ProjectService;
import org.stackport.tenancy.ProjectSummary;
import org.stackport.ui.FieldErrors;
import org.stackport.ui.Notifications;
import org.stackport.ui.Times;

@Route("tenant/projects")
@PageTitle("Tenant Settings · Projects")
@Menu(title = "Projects", order = 22, icon = "vaadin:folder-o")
@RolesAllowed(Roles.TENANT_ADMIN)
public class ProjectsView extends VerticalLayout {

    final Grid<ProjectSummary> grid = new Grid<>(ProjectSummary.class, false);
    final Button create = new Button("New project", e -> openCreateDialog());
    private final ProjectService projects;

    public ProjectsView(ProjectService projects) {
        this.projects = projects;
        setSizeFull();
        create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        create.setId("new-project");
        grid.addColumn(ProjectSummary::name).setHeader("Name").setAutoWidth(true);
        grid.addColumn(p -> p.description() == null ? "" : p.description()).setHeader("Description").setFlexGrow(1);
        grid.addColumn(p -> Times.minutes(p.createdAt())).setHeader("Created").setAutoWidth(true);
        grid.addComponentColumn(p -> new Button("Members",
                e -> getUI().ifPresent(ui -> ui.navigate(ProjectMembersView.class, p.name()))))
                .setAutoWidth(true).setFlexGrow(0);
        grid.addComponentColumn(p -> {
            Button delete = new Button("Delete", e -> confirmDelete(p));
            delete.addThemeVariants(ButtonVariant.LUMO_ERROR, ButtonVariant.LUMO_TERTIARY);
            return delete;
        }).setAutoWidth(true).setFlexGrow(0);
        grid.setItems(q -> projects.list(q.getOffset(), q.getLimit()).stream(), q -> (int) projects.count());
        add(create, grid);
    }

    private void confirmDelete(ProjectSummary project) {
        ConfirmDialog confirm = new ConfirmDialog("Delete project " + project.name() + "?",
                "Its members lose their roles in it. This cannot be undone.", "Delete", e -> {
            projects.delete(project.name());
            grid.getDataProvider().refreshAll();
            Notifications.success("Project " + project.name() + " deleted");
        });
        confirm.setCancelable(true);
        confirm.setConfirmButtonTheme("error primary");
        confirm.open();
    }

    void openCreateDialog() {
        new CreateProjectDialog().open();
    }

    /** The "New project" form; fields are package-visible for tests. */
    class CreateProjectDialog extends Dialog {
        final TextField name = new TextField("Name");
        final TextArea description = new TextArea("Description");
        final Button save = new Button("Create", e -> save());

        CreateProjectDialog() {
            setHeaderTitle("New project");
            name.setHelperText("Lower-case letters, digits and '-'");
            name.setRequiredIndicatorVisible(true);
            name.setId("project-name");
            description.setId("project-description");
            save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
            save.setId("create-project");
            add(new VerticalLayout(name, description));
            getFooter().add(new Button("Cancel", e -> close()), save);
        }

        void save() {
            try {
                ProjectSummary created = projects.create(name.getValue(), description.getValue());
                close();
                grid.getDataProvider().refreshAll();
                Notifications.success("Project " + created.name() + " created");
            } catch (ValidationException ex) {
                FieldErrors.show(ex, Map.of("name", name, "description", description));
            }
        }
    }
}
