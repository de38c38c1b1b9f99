package org.stackport.tenancy.ui;

import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.spring.security.AuthenticationContext;
import jakarta.annotation.security.PermitAll;
import org.stackport.tenancy.ApiKeyService;

/** The signed-in user's own API keys (user menu → API keys). */
@Route("api-keys")
@PageTitle("My API keys")
@PermitAll
public class MyApiKeysView extends VerticalLayout {

    final ApiKeysPanel panel;

    public MyApiKeysView(ApiKeyService keys, AuthenticationContext authentication) {
        panel = new ApiKeysPanel(keys);
        panel.showUser(authentication.getPrincipalName().orElseThrow());
        add(new Paragraph("API keys let scripts and tools call the REST API (/api/v1) as you."), panel);
    }
}
