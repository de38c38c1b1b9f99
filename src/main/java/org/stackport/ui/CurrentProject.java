package org.stackport.ui;

import com.vaadin.flow.server.VaadinSession;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The project the console is working in, chosen with the switcher in the header and kept in the
 * user's session. Defaults to project {@code default} if the user may see it, else their first project.
 */
@Component
public class CurrentProject {

    private static final String ATTRIBUTE = CurrentProject.class.getName();
    private static final String DEFAULT_PROJECT = "default";

    private final ProjectChoices choices;

    CurrentProject(ProjectChoices choices) {
        this.choices = choices;
    }

    /** The current project's name, or empty when the user belongs to no project. */
    public Optional<String> name() {
        List<String> names = choices.projectNames();
        Object chosen = VaadinSession.getCurrent() == null ? null : VaadinSession.getCurrent().getAttribute(ATTRIBUTE);
        if (chosen instanceof String s && names.contains(s)) {
            return Optional.of(s);
        }
        return names.contains(DEFAULT_PROJECT) ? Optional.of(DEFAULT_PROJECT) : names.stream().findFirst();
    }

    public List<String> choices() {
        return choices.projectNames();
    }

    public void switchTo(String name) {
        if (!choices.projectNames().contains(name)) {
            throw new IllegalArgumentException("Not a project you can use: " + name);
        }
        VaadinSession.getCurrent().setAttribute(ATTRIBUTE, name);
    }
}
