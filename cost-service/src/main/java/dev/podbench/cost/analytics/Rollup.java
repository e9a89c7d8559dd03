package dev.podbench.cost.analytics;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The rollup table a {@link CostQuery} is answered from. Both have the same columns and the same key but for the time
 * grain (UTC hour or UTC day), and both keep the session in the key, so any dimension, filter and distinct-session
 * count is exact on either; the daily one has fewer rows, but its days only make local days in UTC.
 */
enum Rollup {
    /** For {@code groupBy=hour}, and for every other time zone than UTC (its days do not start at a UTC midnight). */
    HOURLY("usage_hourly", "hour"),
    /** For everything else: UTC days, weeks and months, and reports without a time dimension asked for in UTC. */
    DAILY("usage_daily", "day");

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
        return query.groupBy().contains(Dimension.HOUR) || !isUtc(query.zone()) ? HOURLY : DAILY;
    }

    private static boolean isUtc(ZoneId zone) {
        return zone.getRules().isFixedOffset() && zone.getRules().getOffset(Instant.EPOCH).equals(ZoneOffset.UTC);
    }
}
