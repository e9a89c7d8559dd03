package dev.podbench.cost.analytics;

/**
 * The rollup table a {@link CostQuery} is answered from: the one with the fewest rows that still has every column the
 * query groups or filters by. All keep the session in their key, so sums and distinct-session counts are exact on
 * each. The daily ones' days are UTC days; with their {@code hours} bits and {@link LocalDays} they answer reports in
 * any zone.
 */
enum Rollup {
    /** For {@code groupBy=hour}. */
    HOURLY("usage_hourly"),
    /** For reports by model. */
    DAILY("usage_daily"),
    /** For every other report: one row per session, day, source, repository and user. */
    SESSION_DAILY("session_daily");

    private final String table;

    Rollup(String table) {
        this.table = table;
    }

    String table() {
        return table;
    }

    static Rollup of(CostQuery query) {
        if (query.groupBy().contains(Dimension.HOUR)) {
            return HOURLY;
        }
        return query.groupBy().contains(Dimension.MODEL) ? DAILY : SESSION_DAILY;
    }
}
