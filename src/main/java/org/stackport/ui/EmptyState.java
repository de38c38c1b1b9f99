package org.stackport.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;

/** A calm explanation where there is nothing to show yet, with an optional next action. */
public class EmptyState extends Div {

    public EmptyState(String title, String text, Component... actions) {
        addClassName("sp-empty-state");
        add(new H2(title), new Paragraph(text));
        add(actions);
    }
}
