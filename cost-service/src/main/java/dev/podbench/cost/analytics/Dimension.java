package dev.podbench.cost.analytics;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * A {@code groupBy} dimension of {@code GET /api/costs} and the SQL expression over {@code usage_hourly} that
 * yields its value ($1 is the time zone). Times are local to that zone: {@code hour} {@code 2025-01-31T09:00},
 * {@code day} {@code 2025-01-31}, {@code week} the Monday it starts on, {@code month} {@code 2025-01}.
 */
public enum Dimension {
    HOUR("hour", "to_char(hour AT TIME ZONE $1, 'YYYY-MM-DD\"T\"HH24:00')", true),
    DAY("day", "to_char(hour AT TIME ZONE $1, 'YYYY-MM-DD')", true),
    WEEK("week", "to_char(date_trunc('week', hour AT TIME ZONE $1), 'YYYY-MM-DD')", true),
    MONTH("month", "to_char(hour AT TIME ZONE $1, 'YYYY-MM')", true),
    REPOSITORY("repository", "nullif(repository_id, '')", false),
    USER("user", "nullif(user_id, '')", false),
    MODEL("model", "nullif(model, '')", false),
    SOURCE("source", "source", false),
    SESSION("session", "session_id", false);

    private final String value;
    private final String sql;
    private final boolean time;

    Dimension(String value, String sql, boolean time) {
        this.value = value;
        this.sql = sql;
        this.time = time;
    }

    public String value() {
        return value;
    }

    String sql() {
        return sql;
    }

    boolean isTime() {
        return time;
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
