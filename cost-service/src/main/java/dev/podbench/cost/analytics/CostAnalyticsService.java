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
 * Cost analytics over the rollups (never the ledger itself; {@link Rollup} says which): one statement per request.
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

    static String sql(CostQuery query, List<Object> params) {
        Rollup rollup = Rollup.of(query);
        return rollup == Rollup.HOURLY ? hourlySql(query, params)
                : dailySql(query, rollup, LocalDays.of(query), params);
    }

    /**
     * From {@code usage_hourly}: groups the range's rows first by the dimensions' keys and the session, then by the
     * keys alone: the rows of the second step are each one session, so counting them counts the distinct sessions,
     * and both steps are hash aggregates (a {@code count(DISTINCT session_id)} sorts every row of the range).
     */
    private static String hourlySql(CostQuery query, List<Object> params) {
        List<String> keys = new ArrayList<>();
        for (Dimension d : query.groupBy()) {
            if (d.isTime() && params.isEmpty()) {
                params.add(query.zone().getId());
            }
            keys.add(d.isTime() ? d.localStart("hour", "$1") : d.column());
        }
        params.add(query.start().atOffset(ZoneOffset.UTC));
        params.add(query.end().atOffset(ZoneOffset.UTC));
        String inRange = " FROM usage_hourly WHERE hour >= $" + (params.size() - 1) + " AND hour < $" + params.size()
                + filters(query, params, "");
        String grouped = query.groupBy().contains(Dimension.SESSION)
                ? "SELECT " + aliased(keys) + Spend.SUMS + ", 1::int8 AS sessions" + inRange + " GROUP BY "
                        + positions(keys)
                : "SELECT " + keyNames(keys) + Spend.SUMS + ", count(*) AS sessions FROM (SELECT " + aliased(keys)
                        + "session_id, " + Spend.SUMS + inRange + " GROUP BY " + positions(keys)
                        + ", session_id) per_session GROUP BY " + positions(keys);
        return report(query, "(" + grouped + ") grouped");
    }

    /**
     * From a daily rollup, its UTC days split into local days by {@link LocalDays} ({@code $1}..{@code $8}): the sums
     * of each group (every row to its UTC day's main local day, and the hourly rows of the other side's hours moved
     * across), and, apart from them, the distinct sessions of each group from the rows' hour bits on each side. Both
     * are hash aggregates; a group whose sums hold no turn (only moved-away hours) had no usage in the range.
     */
    private static String dailySql(CostQuery query, Rollup rollup, LocalDays days, List<Object> params) {
        params.addAll(days.parameters());
        List<Dimension> groupBy = query.groupBy();
        String filters = filters(query, params, "d.");
        String with = "WITH cal AS (" + LocalDays.UNNEST + "), sides AS (" + sides(groupBy) + "), sums AS ("
                + sums(groupBy, rollup.table(), days.splits(), filters) + "), grouped AS (SELECT " + keyNames(groupBy)
                + Spend.SUMS + " FROM sums GROUP BY " + positions(groupBy) + " HAVING sum(turns) > 0)";
        if (groupBy.contains(Dimension.SESSION)) {
            return with + " " + report(query, "(SELECT *, 1::int8 AS sessions FROM grouped) grouped");
        }
        return with + ", counted AS (" + sessionsCounted(groupBy, rollup.table(), days.splits(), filters) + ") "
                + report(query, "grouped JOIN counted USING (" + keyNames(groupBy).replaceAll(", $", "") + ")");
    }

    /**
     * Per UTC day of the calendar: its two sides' local days (low, high), which of them takes the day's rows (main)
     * and which has its hours moved (minority), and each one's group for every time dimension i ({@code <side>_t<i>}).
     */
    private static String sides(List<Dimension> groupBy) {
        StringBuilder keys = new StringBuilder();
        for (int i = 0; i < groupBy.size(); i++) {
            if (groupBy.get(i).isTime()) {
                for (String side : List.of("low", "high", "main", "minority")) {
                    keys.append(", ").append(groupBy.get(i).firstDay(side + "_date")).append(" AS ").append(side)
                            .append("_t").append(i);
                }
            }
        }
        return "SELECT *" + keys + " FROM (SELECT day, low_mask, high_mask, minority_from, minority_to, low_date, "
                + "high_date, CASE WHEN main_is_low THEN low_date ELSE high_date END AS main_date, CASE WHEN main_is_low "
                + "THEN high_date ELSE low_date END AS minority_date FROM cal) dated";
    }

    /**
     * The rows to sum, keyed k0 (, k1): each daily row under its day's main side; where some day's sides are apart,
     * also the hourly rows of the minority hours, once added to their own side and once taken from the main one.
     */
    private static String sums(List<Dimension> groupBy, String table, boolean splits, String filters) {
        List<String> mainKeys = new ArrayList<>();
        List<String> movedKeys = new ArrayList<>();
        for (int i = 0; i < groupBy.size(); i++) {
            Dimension d = groupBy.get(i);
            mainKeys.add(d.isTime() ? "c.main_t" + i : "d." + d.column());
            movedKeys.add(d.isTime() ? "CASE WHEN m.sign = 1 THEN c.minority_t" + i + " ELSE c.main_t" + i + " END"
                    : "h." + d.column());
        }
        String daily = "SELECT " + aliased(mainKeys) + "d.cost_usd, d.turns, d.input_tokens, d.output_tokens, "
                + "d.cache_read_tokens, d.cache_creation_tokens FROM " + table + " d JOIN sides c ON c.day = d.day "
                + "WHERE c.main_date IS NOT NULL" + filters;
        if (!splits) {
            return daily;
        }
        // the same filter parameters, on the hourly rows
        String hourlyFilters = filters.replace(" d.", " h.");
        return daily + " UNION ALL SELECT " + aliased(movedKeys) + "h.cost_usd * m.sign, h.turns * m.sign, "
                + "h.input_tokens * m.sign, h.output_tokens * m.sign, h.cache_read_tokens * m.sign, "
                + "h.cache_creation_tokens * m.sign FROM sides c JOIN usage_hourly h ON h.hour >= c.minority_from "
                + "AND h.hour < c.minority_to CROSS JOIN (VALUES (1), (-1)) m(sign) WHERE CASE WHEN m.sign = 1 THEN "
                + "c.minority_date ELSE c.main_date END IS NOT NULL" + hourlyFilters;
    }

    /** The distinct sessions per group k0 (, k1): a row's session is in a side's group if it had an hour there. */
    private static String sessionsCounted(List<Dimension> groupBy, String table, boolean splits, String filters) {
        List<String> present = new ArrayList<>();
        for (String side : splits ? List.of("low", "high") : List.of("low")) {
            List<String> sideKeys = new ArrayList<>();
            for (int i = 0; i < groupBy.size(); i++) {
                Dimension d = groupBy.get(i);
                sideKeys.add(d.isTime() ? "c." + side + "_t" + i : "d." + d.column());
            }
            present.add("SELECT " + aliased(sideKeys) + "d.session_id FROM " + table + " d JOIN sides c ON c.day = d.day "
                    + "WHERE c." + side + "_date IS NOT NULL AND d.hours & c." + side + "_mask <> 0" + filters);
        }
        return "SELECT " + keyNames(groupBy) + "count(*) AS sessions FROM (SELECT DISTINCT * FROM ("
                + String.join(" UNION ALL ", present) + ") on_each_side) present GROUP BY " + positions(groupBy);
    }

    /** The final select over {@code source}, whose columns are k0 (, k1), the sums and sessions: formatted, ordered. */
    private static String report(CostQuery query, String source) {
        StringBuilder shown = new StringBuilder();
        List<String> order = new ArrayList<>();
        List<String> thenOrder = new ArrayList<>();
        for (int i = 0; i < query.groupBy().size(); i++) {
            Dimension d = query.groupBy().get(i);
            shown.append(d.format("k" + i)).append(" AS g").append(i).append(", ");
            (d.isTime() ? order : thenOrder).add(d.isTime() ? "k" + i : "g" + i);
        }
        order.add("cost_usd DESC");
        order.addAll(thenOrder);
        return "SELECT " + shown + "cost_usd, turns, input_tokens, output_tokens, cache_read_tokens, "
                + "cache_creation_tokens, sessions FROM " + source + " ORDER BY " + String.join(", ", order);
    }

    private static String aliased(List<String> keys) {
        StringBuilder sql = new StringBuilder();
        for (int i = 0; i < keys.size(); i++) {
            sql.append(keys.get(i)).append(" AS k").append(i).append(", ");
        }
        return sql.toString();
    }

    private static String keyNames(List<?> keys) {
        return keys.size() == 1 ? "k0, " : "k0, k1, ";
    }

    private static String positions(List<?> keys) {
        return keys.size() == 1 ? "1" : "1, 2";
    }

    /** The query's filters as {@code AND} conditions on the columns of the rollup aliased {@code alias}. */
    private static String filters(CostQuery query, List<Object> params, String alias) {
        StringBuilder sql = new StringBuilder();
        filter(sql, params, alias + "repository_id", query.repositoryId());
        filter(sql, params, alias + "user_id", query.user());
        filter(sql, params, alias + "source", query.source());
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
