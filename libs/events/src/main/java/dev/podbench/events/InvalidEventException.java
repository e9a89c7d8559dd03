package dev.podbench.events;

/**
 * Bytes that are not a valid Podbench CloudEvent (not JSON, a required attribute missing, or a known
 * {@code type} whose {@code data} breaks its schema), or an event that cannot be written.
 * Events of an <em>unknown</em> type are not invalid: they decode with a {@code JsonNode} as data.
 */
public class InvalidEventException extends RuntimeException {

    public InvalidEventException(String message) {
        super(message);
    }

    public InvalidEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
