package dev.imagepack.platform.problem;

/**
 * One invalid input field.
 *
 * @param field the field's path in the request, such as {@code tags[3].key}
 * @param message what is wrong and what is allowed
 */
public record Violation(String field, String message) {

}
