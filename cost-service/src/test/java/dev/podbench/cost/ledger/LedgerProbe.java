package dev.podbench.cost.ledger;

import java.math.BigDecimal;
import java.util.Collection;
import java.util.List;

import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/** Reads what the ledger, the rollups and the session totals hold for some sessions. */
record LedgerProbe(Pool pool) {

    long events(Collection<String> sessions) {
        return number("SELECT count(*) AS v FROM usage_event WHERE session_id = ANY($1)", sessions).longValueExact();
    }

    BigDecimal ledgerCost(Collection<String> sessions) {
        return number("SELECT coalesce(sum(cost_usd), 0) AS v FROM usage_event WHERE session_id = ANY($1)", sessions);
    }

    static final List<String> ROLLUPS = List.of("usage_hourly", "usage_daily", "session_daily");

    BigDecimal rollupCost(String rollup, Collection<String> sessions) {
        return number("SELECT coalesce(sum(cost_usd), 0) AS v FROM " + rollup + " WHERE session_id = ANY($1)", sessions);
    }

    BigDecimal totalsCost(Collection<String> sessions) {
        return number("SELECT coalesce(sum(total_cost_usd), 0) AS v FROM session_cost WHERE session_id = ANY($1)",
                sessions);
    }

    long totalsTurns(Collection<String> sessions) {
        return number("SELECT coalesce(sum(turns), 0) AS v FROM session_cost WHERE session_id = ANY($1)", sessions)
                .longValueExact();
    }

    private BigDecimal number(String sql, Collection<String> sessions) {
        return pool.preparedQuery(sql).execute(Tuple.of((Object) sessions.toArray(String[]::new)))
                .map(rows -> new BigDecimal(rows.iterator().next().getValue("v").toString())).await().indefinitely();
    }
}
