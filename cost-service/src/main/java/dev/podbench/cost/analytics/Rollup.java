package dev.podbench.cost.analytics;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * The rollup table a {@link CostQuery} is answered from: the one with the fewest rows that still has every column the
 * query groups or filters by. All keep the session in their key, so sums and distinct-session counts are exact on
 * each; the daily ones' days are UTC days, so they only serve reports in UTC.
 */
enum Rollup {
    /**
     * For {@code groupBy=hour}, and for time dimensions in other zones than UTC (their days do not start at a UTC
     * midnight); with the daily rollups, for the hours of a range before its first and after its last UTC midnight.
     */
    HOURLY("usage_hourly", "hour"),
    /** For UTC reports by model (days, weeks, months or no time dimension), and other zones' without a time one. */
    DAILY("usage_daily", "day"),
    /** For every other report it can answer: one row per session, day, source, repository and user. */
    SESSION_DAILY("session_daily", "day");

    private final String table;
    private final String timeColumn;

    Rollup(String table, String timeColumn) {
        this.table = table;
        this.timeColumn = timeColumn;
    }

    String table() {
        return table;
    }

    String timeColumn() {
        return timeColumn;
    }

    /**
     * Hourly for {@code groupBy=hour} and for time dimensions in another zone than UTC; otherwise a daily rollup.
     * In another zone a report without a time dimension reads the daily rollup for the whole UTC days of its range
     * and the hourly one for the hours before the first and after the last UTC midnight ({@link #hourlyEdges}).
     */
    static Rollup of(CostQuery query) {
        boolean timeDimension = query.groupBy().stream().anyMatch(Dimension::isTime);
        if (query.groupBy().contains(Dimension.HOUR) || (timeDimension || !hasWholeUtcDay(query))
                && !isUtc(query.zone())) {
            return HOURLY;
        }
        return query.groupBy().contains(Dimension.MODEL) ? DAILY : SESSION_DAILY;
    }

    /** Whether a daily rollup answers the query only for its whole UTC days, the rest from the hourly one. */
    static boolean hourlyEdges(CostQuery query) {
        return Rollup.of(query) != HOURLY && !isUtc(query.zone());
    }

    /** The first UTC midnight at or after the range's start. */
    static Instant firstMidnight(CostQuery query) {
        Instant day = query.start().truncatedTo(ChronoUnit.DAYS);
        return day.equals(query.start()) ? day : day.plus(1, ChronoUnit.DAYS);
    }

    /** The last UTC midnight at or before the range's end. */
    static Instant lastMidnight(CostQuery query) {
        return query.end().truncatedTo(ChronoUnit.DAYS);
    }

    private static boolean hasWholeUtcDay(CostQuery query) {
        return firstMidnight(query).isBefore(lastMidnight(query));
    }

    private static boolean isUtc(ZoneId zone) {
        return zone.getRules().isFixedOffset() && zone.getRules().getOffset(Instant.EPOCH).equals(ZoneOffset.UTC);
    }
}
