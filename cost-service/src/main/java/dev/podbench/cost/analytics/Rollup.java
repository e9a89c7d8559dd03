package dev.podbench.cost.analytics;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The rollup table a {@link CostQuery} is answered from: the one with the fewest rows that still has every column the
 * query groups or filters by. All keep the session in their key, so sums and distinct-session counts are exact on
 * each; the daily ones' days are UTC days, so they only serve reports in UTC.
 */
enum Rollup {
    /** For {@code groupBy=hour}, and for every other time zone than UTC (its days do not start at a UTC midnight). */
    HOURLY("usage_hourly", "hour"),
    /** For UTC reports by model (days, weeks, months or no time dimension). */
    DAILY("usage_daily", "day"),
    /** For every other UTC report: one row per session, day, source, repository and user. */
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

    static Rollup of(CostQuery query) {
        if (query.groupBy().contains(Dimension.HOUR) || !isUtc(query.zone())) {
            return HOURLY;
        }
        return query.groupBy().contains(Dimension.MODEL) ? DAILY : SESSION_DAILY;
    }

    private static boolean isUtc(ZoneId zone) {
        return zone.getRules().isFixedOffset() && zone.getRules().getOffset(Instant.EPOCH).equals(ZoneOffset.UTC);
    }
}
