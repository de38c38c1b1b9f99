package org.stackport.tenancy.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.router.BeforeEvent;
import com.vaadin.flow.router.HasUrlParameter;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import jakarta.annotation.security.RolesAllowed;
import java.util.Map;
import org.stackport.security.Roles;
import org.stackport.shared.NotFoundException;
import org.stackport.shared.ValidationException;
import org.stackport.tenancy.ProjectMember;
import org.stackport.tenancy.ProjectRole;
import org.stackport.tenancy.ProjectService;
import org.stackport.tenancy.UserService;
import org.stackport.tenancy.UserSummary;
import org.stackport.ui.EmptyState;
import org.stackport.ui.FieldErrors;
import org.stackport.ui.Notifications;
import org.stackport.ui.Times;

/** Who may do what in one project. */
@Route("tenant/projects")
@PageTitle("Tenant Settings · Project members")
@RolesAllowed(Roles.TENANT_ADMIN)
public class ProjectMembersView extends VerticalLayout implements HasUrlParameter<String> {

    final Grid<ProjectMember> grid = new Grid<>(ProjectMember.class, false);
    final ComboBox<String> user = new ComboBox<>("User");
    final Select<ProjectRole> role = new Select<>();
    final Button add = new Button("Add or change", e -> addMember());
    private final ProjectService projects;
    private final UserService users;
    private String project;

    public ProjectMembersView(ProjectService projects, UserService users) {
        this.projects = projects;
        this.users = users;
        setSizeFull();
    }

    @Override
    public void setParameter(BeforeEvent event, String projectName) {
        this.project = projectName;
        removeAll();
        try {
            projects.get(projectName);
        } catch (NotFoundException e) {
            add(new EmptyState("Project not found", e.getMessage()));
            return;
        }
        user.setId("member-user");
        user.setItems(users.list(0, 1000).stream().map(UserSummary::username).toList());
        role.setLabel("Role");
        role.setId("member-role");
        role.setItems(ProjectRole.values());
        role.setItemLabelGenerator(ProjectRole::label);
        role.setWidth("12rem");
        role.setValue(ProjectRole.PROJECT_VIEWER);
        add.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        add.setId("add-member");
        HorizontalLayout form = new HorizontalLayout(user, role, add);
        form.setAlignItems(FlexComponent.Alignment.BASELINE);

        grid.removeAllColumns();
        grid.addColumn(ProjectMember::username).setHeader("User");
        grid.addColumn(m -> m.role().label()).setHeader("Role");
        grid.addColumn(m -> Times.minutes(m.since())).setHeader("Member since");
        grid.addComponentColumn(m -> {
            Button remove = new Button("Remove", e -> remove(m));
            remove.addThemeVariants(ButtonVariant.LUMO_ERROR, ButtonVariant.LUMO_TERTIARY);
            return remove;
        }).setAutoWidth(true).setFlexGrow(0);
        grid.setEmptyStateText("No members yet. Tenant admins act in every project without a role in it.");
        refresh();
        add(new H2("Members of " + projectName), form, grid);
    }

    void addMember() {
        try {
            if (user.getValue() == null) {
                throw ValidationException.of("username", "choose a user");
            }
            ProjectMember m = projects.setMember(project, user.getValue(), role.getValue());
            FieldErrors.clear(Map.of("username", user));
            Notifications.success(m.username() + " is now " + m.role().label().toLowerCase() + " of " + project);
            refresh();
        } catch (ValidationException ex) {
            FieldErrors.show(ex, Map.of("username", user, "role", role));
        } catch (NotFoundException ex) {
            Notifications.error(ex.getMessage());
        }
    }

    private void remove(ProjectMember member) {
        projects.removeMember(project, member.username());
        Notifications.success(member.username() + " removed from " + project);
        refresh();
    }

    private void refresh() {
        grid.setItems(projects.members(project));
    }
}
