package org.stackport.security;

import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.login.LoginForm;
import com.vaadin.flow.component.login.LoginI18n;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.VaadinSession;
import com.vaadin.flow.server.auth.AnonymousAllowed;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.web.WebAttributes;

@Route(value = "login", autoLayout = false)
@PageTitle("Sign in · Stackport")
@AnonymousAllowed
public class LoginView extends VerticalLayout implements BeforeEnterObserver {

    private final LoginForm login = new LoginForm();

    public LoginView() {
        setSizeFull();
        setAlignItems(Alignment.CENTER);
        setJustifyContentMode(JustifyContentMode.CENTER);
        login.setAction("login");
        login.setForgotPasswordButtonVisible(false);
        H1 brand = new H1("Stackport");
        Paragraph tagline = new Paragraph("Kubernetes clusters on your own OpenStack");
        tagline.addClassName("sp-tagline");
        add(new Div(brand, tagline), login);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        var parameters = event.getLocation().getQueryParameters().getParameters();
        if (!parameters.containsKey("error") && !parameters.containsKey("expired")) {
            return;
        }
        LoginI18n i18n = LoginI18n.createDefault();
        LoginI18n.ErrorMessage error = new LoginI18n.ErrorMessage();
        if (parameters.containsKey("expired")) {
            error.setTitle("Sign in again");
            error.setMessage("The sign-in page had expired or was sent from another site. Enter your username and "
                    + "password again.");
        } else if (lastFailure() instanceof LockedException) {
            // The same words whether or not the user exists: the throttle counts names, not accounts.
            error.setTitle("Too many failed sign-ins");
            error.setMessage("Sign-ins with this username from your address are paused for a few minutes after "
                    + "repeated failures. Try again later.");
        } else {
            error.setTitle("Incorrect username or password");
            error.setMessage("Check the username and password and try again.");
        }
        i18n.setErrorMessage(error);
        login.setI18n(i18n);
        login.setError(true);
    }

    private static Object lastFailure() {
        VaadinSession session = VaadinSession.getCurrent();
        if (session == null || session.getSession() == null) {
            return null;
        }
        return session.getSession().getAttribute(WebAttributes.AUTHENTICATION_EXCEPTION);
    }
}
