package org.stackport.ui;

import com.vaadin.flow.component.html.Span;

/** A small status label; {@code tone} is "success", "error" or empty for neutral. */
public class Badge extends Span {

    public Badge(String text, String tone) {
        super(text);
        addClassName("sp-badge");
        if (tone != null && !tone.isEmpty()) {
            addClassName(tone);
        }
    }
}
