package dev.podbench.cost.analytics;

import java.math.BigDecimal;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Cost analytics over a rollup (never the ledger itself; {@link Rollup} says which): one grouped query per request,
 * its range bounded by the primary key's leading time column.
 */
@ApplicationScoped
public class CostAnalyticsService {

    static final int CSV_FETCH = 500;

    private final Pool pool;

    public CostAnalyticsService(Pool pool) {
        this.pool = pool;
    }

    public Uni<CostReport> report(CostQuery query) {
        List<Object> params = new ArrayList<>();
        String sql = sql(query, params);
        return pool.preparedQuery(sql).execute(Tuple.from(params)).map(rows -> {
            List<CostRow> result = new ArrayList<>();
            BigDecimal total = BigDecimal.ZERO;
            for (Row row : rows) {
                Map<String, String> group = new LinkedHashMap<>();
                for (int i = 0; i < query.groupBy().size(); i++) {
                    group.put(query.groupBy().get(i).value(), row.getString("g" + i));
                }
                Spend spend = Spend.of(row);
                total = total.add(spend.costUsd());
                result.add(new CostRow(group, spend, row.getLong("sessions")));
            }
            return new CostReport(query.from(), query.to(), query.zone().getId(),
                    query.groupBy().stream().map(Dimension::value).toList(), total, result);
        });
    }

    /**
     * The same rows as CSV lines, the header first, streamed from a database cursor ({@value #CSV_FETCH} rows at a
     * time) so a long export never sits in memory whole.
     */
    public Multi<String> csv(CostQuery query) {
        List<Object> params = new ArrayList<>();
        String sql = sql(query, params);
        String header = query.groupBy().stream().map(Dimension::value).collect(Collectors.joining(","))
                + ",costUsd,turns,sessions,inputTokens,outputTokens,cacheReadTokens,cacheCreationTokens\n";
        // a cursor needs a transaction; it only reads, so it ends with a rollback, and the statement is closed
        // before the connection goes back to the pool, whether the export finished, failed or was cancelled
        Multi<String> rows = pool.getConnection().toMulti().flatMap(connection -> connection.begin().toMulti()
                .flatMap(tx -> connection.prepare(sql).toMulti()
                        .flatMap(statement -> statement.createStream(CSV_FETCH, Tuple.from(params)).toMulti()
                                .onTermination().invoke(statement::closeAndForget))
                        .onTermination().invoke(tx::rollbackAndForget))
                .map(row -> csvLine(query.groupBy().size(), row))
                .onTermination().invoke(connection::closeAndForget));
        return Multi.createBy().concatenating().streams(Multi.createFrom().item(header), rows);
    }

    private static String csvLine(int dimensions, Row row) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < dimensions; i++) {
            line.append(csvField(row.getString("g" + i))).append(',');
        }
        Spend s = Spend.of(row);
        return line.append(s.costUsd().toPlainString()).append(',').append(s.turns()).append(',')
                .append(row.getLong("sessions")).append(',').append(s.inputTokens()).append(',')
                .append(s.outputTokens()).append(',').append(s.cacheReadTokens()).append(',')
                .append(s.cacheCreationTokens()).append('\n').toString();
    }

    /**
     * Groups the rollup rows of the range first by the dimensions' keys and the session, then by the keys alone: the
     * rows of the second step are each one session, so counting them counts the distinct sessions, and both steps
     * are hash aggregates (a {@code count(DISTINCT session_id)} sorts every row of the range). The (few) groups are
     * formatted last: formatting every row's timestamp as text before grouping would cost more than the grouping.
     */
    static String sql(CostQuery query, List<Object> params) {
        Rollup rollup = Rollup.of(query);
        StringBuilder keys = new StringBuilder();
        StringBuilder keyColumns = new StringBuilder();
        StringBuilder shown = new StringBuilder();
        String tzParam = null;
        List<String> order = new ArrayList<>();
        List<String> thenOrder = new ArrayList<>();
        for (int i = 0; i < query.groupBy().size(); i++) {
            Dimension d = query.groupBy().get(i);
            String key = d.key(rollup.timeColumn());
            if (d.isTime()) {
                if (tzParam == null) {
                    params.add(query.zone().getId());
                    tzParam = "$" + params.size();
                }
                key = key.replace("$1", tzParam);
                order.add("k" + i);
            } else {
                thenOrder.add("k" + i);
            }
            keys.append(key).append(" AS k").append(i).append(", ");
            keyColumns.append("k").append(i).append(", ");
            shown.append(d.format("k" + i)).append(" AS g").append(i).append(", ");
        }
        params.add(query.start().atOffset(ZoneOffset.UTC));
        params.add(query.end().atOffset(ZoneOffset.UTC));
        String groupKeys = query.groupBy().size() == 1 ? "1" : "1, 2";
        // grouped by session already, each group is one session: one aggregate is enough
        boolean bySession = query.groupBy().contains(Dimension.SESSION);
        String inRange = Rollup.hourlyEdges(query) ? wholeDaysAndEdgeHours(query, rollup, params)
                : " FROM " + rollup.table() + " WHERE " + rollup.timeColumn() + " >= $" + (params.size() - 1)
                        + " AND " + rollup.timeColumn() + " < $" + params.size() + filters(query, params);
        String grouped = bySession
                ? "SELECT " + keys + Spend.SUMS + ", 1::int8 AS sessions" + inRange + " GROUP BY " + groupKeys
                : "SELECT " + keyColumns + Spend.SUMS + ", count(*) AS sessions FROM (SELECT " + keys + "session_id, "
                        + Spend.SUMS + inRange + " GROUP BY " + groupKeys + ", session_id) per_session GROUP BY "
                        + groupKeys;
        order.add("cost_usd DESC");
        order.addAll(thenOrder);
        return "SELECT " + shown + "cost_usd, turns, input_tokens, output_tokens, cache_read_tokens, "
                + "cache_creation_tokens, sessions FROM (" + grouped + ") grouped ORDER BY " + String.join(", ", order);
    }

    /**
     * The rows of a range whose ends are not UTC midnights (a local day elsewhere): the daily rollup's whole UTC days
     * in between and the hourly rollup's hours before and after them. Only for reports without a time dimension.
     */
    private static String wholeDaysAndEdgeHours(CostQuery query, Rollup daily, List<Object> params) {
        String start = "$" + (params.size() - 1);
        String end = "$" + params.size();
        params.add(Rollup.firstMidnight(query).atOffset(ZoneOffset.UTC));
        String firstMidnight = "$" + params.size();
        params.add(Rollup.lastMidnight(query).atOffset(ZoneOffset.UTC));
        String lastMidnight = "$" + params.size();
        String columns = "session_id, source, repository_id, user_id, " + (daily == Rollup.DAILY ? "model, " : "")
                + "cost_usd, turns, input_tokens, output_tokens, cache_read_tokens, cache_creation_tokens";
        return " FROM (SELECT " + columns + " FROM " + daily.table() + " WHERE day >= " + firstMidnight
                + " AND day < " + lastMidnight + filters(query, params)
                + " UNION ALL SELECT " + columns + " FROM usage_hourly WHERE (hour >= " + start + " AND hour < "
                + firstMidnight + " OR hour >= " + lastMidnight + " AND hour < " + end + ")" + filters(query, params)
                + ") days_and_hours";
    }

    private static String filters(CostQuery query, List<Object> params) {
        StringBuilder sql = new StringBuilder();
        filter(sql, params, "repository_id", query.repositoryId());
        filter(sql, params, "user_id", query.user());
        filter(sql, params, "source", query.source());
        return sql.toString();
    }

    private static void filter(StringBuilder sql, List<Object> params, String column, String value) {
        if (value != null) {
            params.add(value);
            sql.append(" AND ").append(column).append(" = $").append(params.size());
        }
    }

    private static String csvField(String value) {
        if (value == null) {
            return "";
        }
        if (value.contains(",") || value.contains("\"") || value.contains("\n") || value.contains("\r")) {
            return "\"" + value.replace("\"", "\"\"") + "\"";
        }
        return value;
    }
}
