package org.stackport.ui;

import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.ErrorParameter;
import com.vaadin.flow.router.HasErrorParameter;
import com.vaadin.flow.router.NotFoundException;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.ParentLayout;
import com.vaadin.flow.server.auth.AnonymousAllowed;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Shown inside the console frame for a page that does not exist and for one the user's role does not
 * allow (Vaadin reports both as "not found", so a page's existence does not leak).
 */
@ParentLayout(MainLayout.class)
@PageTitle("Page not found")
@AnonymousAllowed
public class NotFoundView extends VerticalLayout implements HasErrorParameter<NotFoundException> {

    @Override
    public int setErrorParameter(BeforeEnterEvent event, ErrorParameter<NotFoundException> parameter) {
        removeAll();
        setId("not-found-view");
        add(new EmptyState("Page not found",
                "There is no page at /" + event.getLocation().getPath() + ", or your role does not allow it.",
                new Anchor("", "Go to Clusters")));
        return HttpServletResponse.SC_NOT_FOUND;
    }
}
