package org.stackport.cluster.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.Focusable;
import com.vaadin.flow.component.HasEnabled;
import com.vaadin.flow.component.HasValue;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.radiobutton.RadioButtonGroup;
import java.util.Optional;

/**
 * Moves keyboard focus into a wizard step as it shows, so keyboard and screen-reader users start on its first
 * field instead of wherever focus was left (often the Next button of the step before).
 */
final class WizardFocus {

    private WizardFocus() {
    }

    /** Focuses the first visible field of the step one can type into or choose in. */
    static void first(Component step) {
        find(step).ifPresent(WizardFocus::on);
    }

    static void on(Component field) {
        if (field instanceof Focusable<?> f) {
            f.focus();
        } else if (field instanceof RadioButtonGroup<?>) {
            // a radio group is no Focusable in Flow: focus its checked (else first) button, as arrow keys expect
            field.getElement().executeJs("setTimeout(() => { const r = this.querySelector('vaadin-radio-button[checked]')"
                    + " || this.querySelector('vaadin-radio-button'); if (r) { r.focus(); } }, 0)");
        }
    }

    static Optional<Component> find(Component c) {
        if (!c.isVisible() || c instanceof StepProblems) {
            return Optional.empty();
        }
        if (isField(c)) {
            return Optional.of(c);
        }
        return c.getChildren().map(WizardFocus::find).flatMap(Optional::stream).findFirst();
    }

    private static boolean isField(Component c) {
        boolean field = (c instanceof Focusable<?> || c instanceof RadioButtonGroup<?>) && !(c instanceof Button) && !(c instanceof Grid<?>);
        boolean readOnly = c instanceof HasValue<?, ?> v && v.isReadOnly();
        boolean disabled = c instanceof HasEnabled e && !e.isEnabled();
        return field && !readOnly && !disabled;
    }
}
