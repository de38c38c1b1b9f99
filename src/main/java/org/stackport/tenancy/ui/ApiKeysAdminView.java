package org.stackport.tenancy.ui;

import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.spring.security.AuthenticationContext;
import jakarta.annotation.security.RolesAllowed;
import org.stackport.security.Roles;
import org.stackport.tenancy.ApiKeyService;
import org.stackport.tenancy.UserService;
import org.stackport.tenancy.UserSummary;

/** Any user's API keys, for tenant admins. */
@Route("tenant/api-keys")
@PageTitle("Tenant Settings · API Keys")
@Menu(title = "API Keys", order = 24, icon = "vaadin:key")
@RolesAllowed(Roles.TENANT_ADMIN)
public class ApiKeysAdminView extends VerticalLayout {

    final Select<String> user = new Select<>();
    final ApiKeysPanel panel;

    public ApiKeysAdminView(ApiKeyService keys, UserService users, AuthenticationContext authentication) {
        panel = new ApiKeysPanel(keys);
        user.setLabel("User");
        user.setId("api-keys-user");
        user.setItems(users.list(0, 1000).stream().map(UserSummary::username).toList());
        user.addValueChangeListener(e -> panel.showUser(e.getValue()));
        user.setValue(authentication.getPrincipalName().orElseThrow());
        add(user, panel);
    }
}
