package org.stackport.tenancy.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.datepicker.DatePicker;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextField;
import java.time.Instant;
import java.util.Map;
import org.stackport.shared.ValidationException;
import org.stackport.tenancy.ApiKeyInfo;
import org.stackport.tenancy.ApiKeyService;
import org.stackport.tenancy.NewApiKey;
import org.stackport.ui.FieldErrors;
import org.stackport.ui.Notifications;
import org.stackport.ui.Times;

/** Lists one user's API keys, creates keys (shown once) and revokes them. */
class ApiKeysPanel extends VerticalLayout {

    final TextField name = new TextField("Key name");
    final DatePicker expires = new DatePicker("Expires (optional)");
    final Button create = new Button("Create key", e -> create());
    final Grid<ApiKeyInfo> grid = new Grid<>(ApiKeyInfo.class, false);
    private final ApiKeyService keys;
    private String username;

    ApiKeysPanel(ApiKeyService keys) {
        this.keys = keys;
        setPadding(false);
        name.setId("api-key-name");
        name.setPlaceholder("e.g. ci-pipeline");
        expires.setId("api-key-expires");
        create.setId("create-api-key");
        create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        HorizontalLayout form = new HorizontalLayout(name, expires, create);
        form.setAlignItems(FlexComponent.Alignment.BASELINE);
        // times as wide as they need (equal shares cut them off); the name takes the rest
        grid.addColumn(ApiKeyInfo::name).setHeader("Name").setFlexGrow(1);
        grid.addColumn(ApiKeyInfo::prefix).setHeader("Key").setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(k -> Times.minutes(k.createdAt())).setHeader("Created").setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(k -> k.lastUsedAt() == null ? "never" : Times.minutes(k.lastUsedAt())).setHeader("Last used")
                .setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(k -> k.expiresAt() == null ? "never" : Times.minutes(k.expiresAt())).setHeader("Expires")
                .setAutoWidth(true).setFlexGrow(0);
        grid.setEmptyStateText("No API keys yet.");
        grid.addComponentColumn(k -> {
            Button revoke = new Button("Revoke", e -> revoke(k));
            revoke.addThemeVariants(ButtonVariant.LUMO_ERROR, ButtonVariant.LUMO_TERTIARY);
            return revoke;
        }).setAutoWidth(true).setFlexGrow(0);
        add(form, grid);
    }

    void showUser(String username) {
        this.username = username;
        refresh();
    }

    void create() {
        try {
            Instant expiresAt = expires.getValue() == null ? null
                    : expires.getValue().atStartOfDay(Times.zone()).toInstant();
            NewApiKey key = keys.create(username, name.getValue(), expiresAt);
            FieldErrors.clear(Map.of("name", name, "expiresAt", expires));
            name.clear();
            expires.clear();
            refresh();
            showOnce(key);
        } catch (ValidationException ex) {
            FieldErrors.show(ex, Map.of("name", name, "expiresAt", expires));
        }
    }

    private void showOnce(NewApiKey key) {
        Dialog dialog = new Dialog();
        dialog.setHeaderTitle("API key " + key.name() + " created");
        Div value = new Div(key.key());
        value.addClassName("sp-key");
        value.setId("new-api-key-value");
        dialog.add(new Paragraph("Copy it now: Stackport stores only a hash and cannot show it again. "
                + "Send it in the 'ApiKey' header."), value);
        dialog.getFooter().add(new Button("Done", e -> dialog.close()));
        dialog.open();
    }

    private void revoke(ApiKeyInfo key) {
        keys.revoke(username, key.id());
        Notifications.success("API key " + key.name() + " revoked");
        refresh();
    }

    private void refresh() {
        grid.setItems(keys.list(username));
    }
}
