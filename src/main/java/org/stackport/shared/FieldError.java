package org.stackport.shared;

/** One bad field: {@code field} is the JSON path of the field (e.g. {@code masterPool.size}). */
public record FieldError(String field, String message) {
}
