package org.stackport.ui;

import com.vaadin.flow.component.HasValidation;
import java.util.Map;
import org.stackport.shared.FieldError;
import org.stackport.shared.ValidationException;

/** Puts the service's per-field messages next to the fields of a form. */
public final class FieldErrors {

    private FieldErrors() {
    }

    public static void clear(Map<String, ? extends HasValidation> fields) {
        fields.values().forEach(f -> {
            f.setInvalid(false);
            f.setErrorMessage(null);
        });
    }

    public static void show(ValidationException e, Map<String, ? extends HasValidation> fields) {
        clear(fields);
        for (FieldError error : e.errors()) {
            HasValidation field = fields.get(error.field());
            if (field != null) {
                field.setErrorMessage(capitalize(error.message()));
                field.setInvalid(true);
            } else {
                Notifications.error(error.field() + ": " + error.message());
            }
        }
    }

    private static String capitalize(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
