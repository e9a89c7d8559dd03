package dev.podbench.cost.analytics;

import java.util.Arrays;
import java.util.stream.Collectors;

import dev.podbench.events.WireEnum;

/**
 * A {@code groupBy} dimension of {@code GET /api/costs}: the SQL expression over a rollup it groups by ({@code %1$s}
 * is the rollup's time column, $1 the time zone) and how the grouped value is shown. Times are local to that zone:
 * {@code hour} {@code 2025-01-31T09:00}, {@code day} {@code 2025-01-31}, {@code week} the Monday it starts on,
 * {@code month} {@code 2025-01}.
 */
public enum Dimension implements WireEnum {
    HOUR("hour", "date_trunc('hour', %1$s AT TIME ZONE $1)", "to_char(%s, 'YYYY-MM-DD\"T\"HH24:00')"),
    DAY("day", "date_trunc('day', %1$s AT TIME ZONE $1)", "to_char(%s, 'YYYY-MM-DD')"),
    WEEK("week", "date_trunc('week', %1$s AT TIME ZONE $1)", "to_char(%s, 'YYYY-MM-DD')"),
    MONTH("month", "date_trunc('month', %1$s AT TIME ZONE $1)", "to_char(%s, 'YYYY-MM')"),
    REPOSITORY("repository", "nullif(repository_id, '')", null),
    USER("user", "nullif(user_id, '')", null),
    MODEL("model", "nullif(model, '')", null),
    SOURCE("source", "source", null),
    SESSION("session", "session_id", null);

    private final String value;
    private final String key;
    private final String format;

    Dimension(String value, String key, String format) {
        this.value = value;
        this.key = key;
        this.format = format;
    }

    @Override
    public String value() {
        return value;
    }

    /**
     * What rows are grouped by (a timestamp for time dimensions: cheaper to group and to sort than text), over a
     * rollup whose time column is {@code timeColumn}.
     */
    String key(String timeColumn) {
        return isTime() ? key.formatted(timeColumn) : key;
    }

    /** The group's value as the API shows it, from the grouped {@code key} column. */
    String format(String keyColumn) {
        return format == null ? keyColumn : format.formatted(keyColumn);
    }

    boolean isTime() {
        return format != null;
    }

    static Dimension fromValue(String value) {
        for (Dimension d : values()) {
            if (d.value.equals(value)) {
                return d;
            }
        }
        throw new IllegalArgumentException("unknown dimension '" + value + "', expected one of "
                + Arrays.stream(values()).map(Dimension::value).collect(Collectors.joining(", ")));
    }
}
