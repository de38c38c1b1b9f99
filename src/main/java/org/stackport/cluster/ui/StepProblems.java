package org.stackport.cluster.ui;

import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.ListItem;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.UnorderedList;
import java.util.List;

/**
 * The short list at the top of a wizard step of what keeps it from going on, next to the messages on the
 * fields themselves. A live region, so a screen reader reads it out when Next is refused.
 */
final class StepProblems extends Div {

    private final Paragraph heading = new Paragraph();
    private final UnorderedList items = new UnorderedList();

    StepProblems() {
        addClassName("sp-step-problems");
        getElement().setAttribute("role", "alert");
        getStyle().set("color", "var(--lumo-error-text-color)").set("background", "var(--lumo-error-color-10pct)")
                .set("border-radius", "var(--lumo-border-radius-m)").set("padding", "0 var(--lumo-space-m)")
                .set("width", "100%").set("box-sizing", "border-box");
        heading.getStyle().set("font-weight", "600").set("margin-bottom", "0");
        items.getStyle().set("margin-top", "var(--lumo-space-xs)");
        add(heading, items);
        setVisible(false);
    }

    /** Shows the problems ("Cluster name: is required"); none hides the list. */
    void show(List<String> problems) {
        items.removeAll();
        problems.forEach(p -> items.add(new ListItem(p)));
        heading.setText(problems.size() == 1 ? "Fix this before going on:" : "Fix these " + problems.size() + " things before going on:");
        setVisible(!problems.isEmpty());
    }

    List<String> problems() {
        return items.getChildren().map(c -> c.getElement().getText()).toList();
    }
}
