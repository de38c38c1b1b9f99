package org.stackport.ui;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.applayout.AppLayout;
import com.vaadin.flow.component.applayout.DrawerToggle;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.Icon;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.menubar.MenuBar;
import com.vaadin.flow.component.menubar.MenuBarVariant;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.sidenav.SideNav;
import com.vaadin.flow.component.sidenav.SideNavItem;
import com.vaadin.flow.router.AfterNavigationEvent;
import com.vaadin.flow.router.AfterNavigationObserver;
import com.vaadin.flow.router.Layout;
import com.vaadin.flow.server.menu.MenuConfiguration;
import com.vaadin.flow.server.menu.MenuEntry;
import com.vaadin.flow.spring.security.AuthenticationContext;
import jakarta.annotation.security.PermitAll;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The console's frame. The side navigation is built from the views' {@code @Menu} entries that the
 * user may open; entries under {@code project-settings/} and {@code tenant/} are grouped as the seed's
 * "Project Settings" and "Tenant Settings".
 */
@Layout
@PermitAll
public class MainLayout extends AppLayout implements AfterNavigationObserver {

    static final Map<String, String> GROUPS = new LinkedHashMap<>(Map.of(
            "project-settings/", "Project Settings",
            "tenant/", "Tenant Settings"));

    private final CurrentProject currentProject;
    private final AuthenticationContext authentication;
    private final H1 viewTitle = new H1();
    private final Select<String> projectSwitcher = new Select<>();

    public MainLayout(CurrentProject currentProject, AuthenticationContext authentication) {
        this.currentProject = currentProject;
        this.authentication = authentication;
        setPrimarySection(Section.DRAWER);
        addToDrawer(brand(), new Div(navigation()));
        addToNavbar(new DrawerToggle(), viewTitle, header());
    }

    @Override
    protected void onAttach(AttachEvent attachEvent) {
        super.onAttach(attachEvent);
        Times.learnZone(attachEvent.getUI());
    }

    private Component brand() {
        Span brand = new Span("Stackport");
        brand.addClassName("sp-brand");
        Div box = new Div(brand);
        box.getStyle().set("padding", "var(--lumo-space-m)");
        return box;
    }

    private SideNav navigation() {
        SideNav nav = new SideNav();
        Map<String, SideNavItem> groups = new LinkedHashMap<>();
        List<MenuEntry> entries = MenuConfiguration.getMenuEntries();
        for (MenuEntry entry : entries) {
            String path = entry.path().startsWith("/") ? entry.path().substring(1) : entry.path();
            SideNavItem item = entry.icon() == null
                    ? new SideNavItem(entry.title(), path)
                    : new SideNavItem(entry.title(), path, icon(entry.icon()));
            String group = GROUPS.keySet().stream().filter(path::startsWith).findFirst().orElse(null);
            if (group == null) {
                nav.addItem(item);
            } else {
                groups.computeIfAbsent(group, g -> {
                    SideNavItem parent = new SideNavItem(GROUPS.get(g));
                    parent.setExpanded(true);
                    nav.addItem(parent);
                    return parent;
                }).addItem(item);
            }
        }
        return nav;
    }

    /** {@code @Menu(icon = "vaadin:cluster")} names an icon of a collection. */
    private static Icon icon(String name) {
        int colon = name.indexOf(':');
        return colon < 0 ? new Icon("vaadin", name) : new Icon(name.substring(0, colon), name.substring(colon + 1));
    }

    private Component header() {
        if (!authentication.isAuthenticated()) {
            // only the "page not found" view shows the frame to visitors who are not signed in
            return new Div();
        }
        projectSwitcher.setId("project-switcher");
        projectSwitcher.setAriaLabel("Project");
        projectSwitcher.setPrefixComponent(new Icon(VaadinIcon.FOLDER_O));
        List<String> projects = currentProject.choices();
        projectSwitcher.setItems(projects);
        currentProject.name().ifPresent(projectSwitcher::setValue);
        projectSwitcher.setVisible(!projects.isEmpty());
        projectSwitcher.addValueChangeListener(e -> {
            if (e.isFromClient() && e.getValue() != null) {
                currentProject.switchTo(e.getValue());
                getUI().ifPresent(ui -> ui.refreshCurrentRoute(false));
            }
        });

        MenuBar userMenu = new MenuBar();
        userMenu.setId("user-menu");
        userMenu.addThemeVariants(MenuBarVariant.LUMO_TERTIARY_INLINE);
        var root = userMenu.addItem(new Span(new Icon(VaadinIcon.USER), new Span(" " + authentication.getPrincipalName().orElse(""))));
        root.getSubMenu().addItem("API keys", e -> getUI().ifPresent(ui -> ui.navigate("api-keys")));
        root.getSubMenu().addItem("Change password", e -> getUI().ifPresent(ui -> ui.navigate("account/password")));
        root.getSubMenu().addItem("Log out", e -> authentication.logout());

        HorizontalLayout right = new HorizontalLayout(projectSwitcher, userMenu);
        right.setAlignItems(FlexComponent.Alignment.CENTER);
        right.getStyle().set("margin-left", "auto").set("padding-right", "var(--lumo-space-m)");
        return right;
    }

    @Override
    public void afterNavigation(AfterNavigationEvent event) {
        viewTitle.setText(MenuConfiguration.getPageHeader(getContent()).orElse(""));
        viewTitle.getStyle().set("font-size", "var(--lumo-font-size-l)").set("margin", "0");
        if (authentication.isAuthenticated()) {
            currentProject.name().ifPresent(projectSwitcher::setValue);
        }
    }
}
