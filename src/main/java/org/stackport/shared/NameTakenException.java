package org.stackport.shared;

import java.util.List;

/**
 * The only thing wrong with the input is a name that something existing already has (409, not 422): the same
 * answer whether the other one was made long ago or a moment ago by a concurrent request. Still names its field,
 * so forms show it there.
 */
public class NameTakenException extends ValidationException {

    public NameTakenException(List<FieldError> errors) {
        super(errors);
    }
}
