package dev.podbench.events;

import java.util.Objects;

/**
 * Validation used by the payload records' constructors. A field the AsyncAPI document lists as
 * {@code required} is enforced here, so a producer cannot send (and a consumer never receives)
 * an event that breaks the contract.
 */
public final class Require {

    public static <T> T nonNull(T value, String field) {
        return Objects.requireNonNull(value, () -> field + " is required");
    }

    public static String nonBlank(String value, String field) {
        nonNull(value, field);
        if (value.isBlank()) {
            throw new IllegalArgumentException(field + " must not be blank");
        }
        return value;
    }

    public static long nonNegative(long value, String field) {
        if (value < 0) {
            throw new IllegalArgumentException(field + " must not be negative: " + value);
        }
        return value;
    }

    private Require() {
    }
}
