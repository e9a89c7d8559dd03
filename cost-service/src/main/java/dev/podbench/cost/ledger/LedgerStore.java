package dev.podbench.cost.ledger;

import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Writes batches of usage events into the ledger. One statement per batch inserts the events (ON CONFLICT on the
 * event id DO NOTHING) and adds <em>only the rows it really inserted</em> to the rollups, the
 * session totals and the budgets' spend, all in one transaction: a replayed or redelivered event changes nothing.
 * The inserted rows are summed once per UTC hour and key ({@code hours}); the rollups and totals add those sums up.
 */
@ApplicationScoped
public class LedgerStore {

    /** The rollups' sums plus the new rows' (in an ON CONFLICT DO UPDATE, whose target is aliased {@code r}). */
    private static final String ADD_SUMS = """
                    cost_usd = r.cost_usd + excluded.cost_usd,
                    turns = r.turns + excluded.turns,
                    input_tokens = r.input_tokens + excluded.input_tokens,
                    output_tokens = r.output_tokens + excluded.output_tokens,
                    cache_read_tokens = r.cache_read_tokens + excluded.cache_read_tokens,
                    cache_creation_tokens = r.cache_creation_tokens + excluded.cache_creation_tokens""";

    /**
     * Adds the batch's hours to a daily rollup: UTC day × session × (model, if {@code byModel}) × source ×
     * repository × user, with the bits of the UTC hours that had usage ({@code hours}, V4).
     */
    private static String daily(String table, boolean byModel) {
        String model = byModel ? "model, " : "";
        String groups = byModel ? "1, 2, 3, 4, 5, 6" : "1, 2, 3, 4, 5";
        return """
                INSERT INTO %1$s AS r (day, session_id, %2$ssource, repository_id, user_id, cost_usd, turns,
                        input_tokens, output_tokens, cache_read_tokens, cache_creation_tokens, hours)
                SELECT date_trunc('day', hour, 'UTC'), session_id, %2$ssource, repository_id, user_id, sum(cost_usd),
                       sum(turns), sum(input_tokens), sum(output_tokens), sum(cache_read_tokens),
                       sum(cache_creation_tokens), bit_or(1 << extract(hour FROM hour AT TIME ZONE 'UTC')::int)
                FROM hours
                GROUP BY %3$s
                ORDER BY %3$s
                ON CONFLICT (day, session_id, %2$ssource, repository_id, user_id) DO UPDATE SET
                %4$s,
                    hours = r.hours | excluded.hours
                """.formatted(table, model, groups, ADD_SUMS);
    }

    private static final String APPLY = """
            WITH batch AS (
                SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[],
                                     $7::text[], $8::int8[], $9::int8[], $10::int8[], $11::int8[], $12::text[],
                                     $13::text[])
                    AS b(event_id, session_id, source, repository_id, user_id, model, cost_usd, input_tokens,
                         output_tokens, cache_read_tokens, cache_creation_tokens, agent_session_id, recorded_at)
            ), inserted AS (
                INSERT INTO usage_event (event_id, session_id, source, repository_id, user_id, model, cost_usd,
                        input_tokens, output_tokens, cache_read_tokens, cache_creation_tokens, agent_session_id,
                        recorded_at)
                SELECT event_id, session_id, source, repository_id, user_id, model, cost_usd::numeric, input_tokens,
                       output_tokens, cache_read_tokens, cache_creation_tokens, agent_session_id,
                       recorded_at::timestamptz
                FROM batch
                ON CONFLICT (event_id) DO NOTHING
                RETURNING session_id, source, repository_id, user_id, model, cost_usd, input_tokens, output_tokens,
                          cache_read_tokens, cache_creation_tokens, recorded_at
            ), hours AS (
                SELECT date_trunc('hour', recorded_at, 'UTC') AS hour, session_id, coalesce(model, '') AS model,
                       source, coalesce(repository_id, '') AS repository_id, coalesce(user_id, '') AS user_id,
                       sum(cost_usd) AS cost_usd, count(*) AS turns, sum(input_tokens) AS input_tokens,
                       sum(output_tokens) AS output_tokens, sum(cache_read_tokens) AS cache_read_tokens,
                       sum(cache_creation_tokens) AS cache_creation_tokens
                FROM inserted
                GROUP BY 1, 2, 3, 4, 5, 6
            ), hourly AS (
                INSERT INTO usage_hourly AS r (hour, session_id, model, source, repository_id, user_id, cost_usd,
                        turns, input_tokens, output_tokens, cache_read_tokens, cache_creation_tokens)
                SELECT * FROM hours
                ORDER BY 1, 2, 3, 4, 5, 6
                ON CONFLICT (hour, session_id, model, source, repository_id, user_id) DO UPDATE SET
            %s
            ), daily AS (
            %s
            ), session_daily AS (
            %s
            ), totals AS (
                INSERT INTO session_cost AS c (session_id, repository_id, user_id, total_cost_usd, turns,
                        input_tokens, output_tokens, cache_read_tokens, cache_creation_tokens, updated_at)
                SELECT session_id, nullif(max(repository_id), ''), nullif(max(user_id), ''), sum(cost_usd), sum(turns),
                       sum(input_tokens), sum(output_tokens), sum(cache_read_tokens), sum(cache_creation_tokens), now()
                FROM hours
                GROUP BY session_id
                ORDER BY session_id
                ON CONFLICT (session_id) DO UPDATE SET
                    repository_id = coalesce(excluded.repository_id, c.repository_id),
                    user_id = coalesce(excluded.user_id, c.user_id),
                    total_cost_usd = c.total_cost_usd + excluded.total_cost_usd,
                    turns = c.turns + excluded.turns,
                    input_tokens = c.input_tokens + excluded.input_tokens,
                    output_tokens = c.output_tokens + excluded.output_tokens,
                    cache_read_tokens = c.cache_read_tokens + excluded.cache_read_tokens,
                    cache_creation_tokens = c.cache_creation_tokens + excluded.cache_creation_tokens,
                    updated_at = excluded.updated_at
            ), spend AS (
                INSERT INTO budget_spend AS s (budget_id, period_start, spent_usd, last_session_id)
                SELECT b.id,
                       CASE b.period WHEN 'day' THEN date_trunc('day', i.recorded_at, 'UTC')
                                     WHEN 'month' THEN date_trunc('month', i.recorded_at, 'UTC')
                                     ELSE 'epoch'::timestamptz END,
                       sum(i.cost_usd), max(i.session_id)
                FROM inserted i
                JOIN budget b ON b.scope = 'global'
                              OR (b.scope = 'session' AND b.scope_id = i.session_id)
                              OR (b.scope = 'user' AND b.scope_id = i.user_id)
                              OR (b.scope = 'repository' AND b.scope_id = i.repository_id)
                GROUP BY 1, 2
                ORDER BY 1, 2
                ON CONFLICT (budget_id, period_start) DO UPDATE SET
                    spent_usd = s.spent_usd + excluded.spent_usd,
                    last_session_id = excluded.last_session_id
                RETURNING 1
            )
            SELECT (SELECT count(*) FROM inserted) AS applied, EXISTS (SELECT FROM spend) AS spend_changed
            """.formatted(ADD_SUMS, daily("usage_daily", true), daily("session_daily", false));

    private static final String TOTALS = """
            SELECT session_id, repository_id, user_id, total_cost_usd, turns, updated_at
            FROM session_cost WHERE session_id = ANY($1)
            """;

    private final Pool pool;

    public LedgerStore(Pool pool) {
        this.pool = pool;
    }

    /**
     * Applies a batch in one transaction and answers the current totals of every session the batch names,
     * including sessions whose events were all duplicates (so a redelivered batch republishes the totals).
     */
    public Uni<Applied> apply(List<LedgerEntry> entries) {
        if (entries.isEmpty()) {
            return Uni.createFrom().item(new Applied(0, List.of(), false));
        }
        Set<String> sessions = new LinkedHashSet<>();
        entries.forEach(e -> sessions.add(e.sessionId()));
        return pool.withTransaction(tx -> tx.preparedQuery(APPLY).execute(columns(entries))
                .map(rows -> rows.iterator().next())
                .flatMap(row -> totals(tx, sessions).map(totals -> new Applied(row.getLong("applied"), totals,
                        row.getBoolean("spend_changed")))));
    }

    private static Uni<List<SessionTotal>> totals(SqlClient client, Set<String> sessions) {
        return client.preparedQuery(TOTALS).execute(Tuple.of((Object) sessions.toArray(String[]::new)))
                .map(rows -> {
                    List<SessionTotal> totals = new ArrayList<>();
                    for (Row row : rows) {
                        totals.add(new SessionTotal(row.getString("session_id"), row.getString("repository_id"),
                                row.getString("user_id"), row.getBigDecimal("total_cost_usd"),
                                row.getLong("turns"), row.getOffsetDateTime("updated_at").toInstant()));
                    }
                    return totals;
                });
    }

    private static Tuple columns(List<LedgerEntry> entries) {
        int n = entries.size();
        String[] eventIds = new String[n];
        String[] sessionIds = new String[n];
        String[] sources = new String[n];
        String[] repositories = new String[n];
        String[] users = new String[n];
        String[] models = new String[n];
        String[] costs = new String[n];
        Long[] input = new Long[n];
        Long[] output = new Long[n];
        Long[] cacheRead = new Long[n];
        Long[] cacheCreation = new Long[n];
        String[] agentSessions = new String[n];
        String[] recordedAt = new String[n];
        for (int i = 0; i < n; i++) {
            LedgerEntry e = entries.get(i);
            eventIds[i] = e.eventId();
            sessionIds[i] = e.sessionId();
            sources[i] = e.source();
            repositories[i] = e.repositoryId();
            users[i] = e.userId();
            models[i] = e.model();
            costs[i] = e.costUsd().toPlainString();
            input[i] = e.inputTokens();
            output[i] = e.outputTokens();
            cacheRead[i] = e.cacheReadTokens();
            cacheCreation[i] = e.cacheCreationTokens();
            agentSessions[i] = e.agentSessionId();
            recordedAt[i] = e.recordedAt().atOffset(ZoneOffset.UTC).toString();
        }
        return Tuple.from(List.<Object>of(eventIds, sessionIds, sources, repositories, users, models, costs, input, output,
                cacheRead, cacheCreation, agentSessions, recordedAt));
    }

    /** What a batch did: how many events were new, the totals of the sessions it named, whether a budget's spend grew. */
    public record Applied(long inserted, List<SessionTotal> totals, boolean spendChanged) {
    }
}
