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
 * Cost analytics over the hourly rollup (never the ledger itself): one grouped query per request, its range
 * bounded by the primary key's leading {@code hour}.
 */
@ApplicationScoped
public class CostAnalyticsService {

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

    /** The same rows as CSV lines, the header first. */
    public Multi<String> csv(CostQuery query) {
        return report(query).onItem().transformToMulti(report -> {
            List<String> lines = new ArrayList<>(report.rows().size() + 1);
            lines.add(String.join(",", report.groupBy()) + ",costUsd,turns,sessions,inputTokens,outputTokens,"
                    + "cacheReadTokens,cacheCreationTokens\n");
            for (CostRow row : report.rows()) {
                Spend s = row.spend();
                lines.add(row.group().values().stream().map(CostAnalyticsService::csvField)
                        .collect(Collectors.joining(",")) + "," + s.costUsd().toPlainString() + "," + s.turns() + ","
                        + row.sessions() + "," + s.inputTokens() + "," + s.outputTokens() + "," + s.cacheReadTokens()
                        + "," + s.cacheCreationTokens() + "\n");
            }
            return Multi.createFrom().iterable(lines);
        });
    }

    static String sql(CostQuery query, List<Object> params) {
        StringBuilder select = new StringBuilder("SELECT ");
        String tzParam = null;
        List<String> order = new ArrayList<>();
        List<String> thenOrder = new ArrayList<>();
        for (int i = 0; i < query.groupBy().size(); i++) {
            Dimension d = query.groupBy().get(i);
            String expression = d.sql();
            if (d.isTime()) {
                if (tzParam == null) {
                    params.add(query.zone().getId());
                    tzParam = "$" + params.size();
                }
                expression = expression.replace("$1", tzParam);
                order.add("g" + i);
            } else {
                thenOrder.add("g" + i);
            }
            select.append(expression).append(" AS g").append(i).append(", ");
        }
        params.add(query.start().atOffset(ZoneOffset.UTC));
        params.add(query.end().atOffset(ZoneOffset.UTC));
        select.append(Spend.SUMS).append(", count(DISTINCT session_id) AS sessions FROM usage_hourly")
                .append(" WHERE hour >= $").append(params.size() - 1).append(" AND hour < $").append(params.size());
        filter(select, params, "repository_id", query.repositoryId());
        filter(select, params, "user_id", query.user());
        filter(select, params, "source", query.source());
        select.append(" GROUP BY ").append(query.groupBy().size() == 1 ? "1" : "1, 2");
        order.add("cost_usd DESC");
        order.addAll(thenOrder);
        select.append(" ORDER BY ").append(String.join(", ", order));
        return select.toString();
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
