package dev.podbench.cost.analytics;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.Arrays;
import java.util.stream.Collectors;

import dev.podbench.events.WireEnum;

/**
 * A {@code groupBy} dimension of {@code GET /api/costs}: what rollup rows are grouped by and how the grouped value is
 * shown. Times are local to the report's zone: {@code hour} {@code 2025-01-31T09:00}, {@code day} {@code 2025-01-31},
 * {@code week} the Monday it starts on, {@code month} {@code 2025-01}. The other dimensions group by a rollup column,
 * where an absent repository, user or model is {@code ''} (shown as null).
 */
public enum Dimension implements WireEnum {
    HOUR("hour", null, "YYYY-MM-DD\"T\"HH24:00"),
    DAY("day", null, "YYYY-MM-DD"),
    WEEK("week", null, "YYYY-MM-DD"),
    MONTH("month", null, "YYYY-MM"),
    REPOSITORY("repository", "repository_id", null),
    USER("user", "user_id", null),
    MODEL("model", "model", null),
    SOURCE("source", "source", null),
    SESSION("session", "session_id", null);

    private final String value;
    private final String column;
    private final String pattern;

    Dimension(String value, String column, String pattern) {
        this.value = value;
        this.column = column;
        this.pattern = pattern;
    }

    @Override
    public String value() {
        return value;
    }

    boolean isTime() {
        return pattern != null;
    }

    /** The rollup column a non-time dimension groups by. */
    String column() {
        return column;
    }

    /**
     * A time dimension's local start (a timestamp without zone) of a UTC instant column in the zone given by the
     * SQL parameter {@code zoneParam}: cheaper to group and to sort than text.
     */
    String localStart(String instantColumn, String zoneParam) {
        return "date_trunc('" + value + "', " + instantColumn + " AT TIME ZONE " + zoneParam + ")";
    }

    /** A time dimension's first local day of a local date (day, week or month). */
    LocalDate firstDay(LocalDate date) {
        return switch (this) {
            case DAY -> date;
            case WEEK -> date.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            case MONTH -> date.withDayOfMonth(1);
            default -> throw new IllegalStateException(value + " has no first day");
        };
    }

    /** The same in SQL, of a date expression; not for {@code hour}. */
    String firstDay(String date) {
        return this == DAY ? date : "date_trunc('" + value + "', " + date + "::timestamp)::date";
    }

    /** The grouped value as the API shows it. */
    String format(String key) {
        if (isTime()) {
            return "to_char(" + key + "::timestamp, '" + pattern + "')";
        }
        return this == SOURCE || this == SESSION ? key : "nullif(" + key + ", '')";
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
