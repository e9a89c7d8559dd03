package dev.podbench.pr.tracking;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

import dev.podbench.events.pullrequest.GitProvider;
import dev.podbench.events.pullrequest.PullRequestDetected;
import dev.podbench.events.pullrequest.PullRequestLink;
import dev.podbench.events.pullrequest.PullRequestState;
import dev.podbench.events.pullrequest.ReviewStatus;
import dev.podbench.pr.hosts.PullRequestRef;
import dev.podbench.pr.status.ChecksSummary;
import dev.podbench.pr.status.Mergeable;
import dev.podbench.pr.status.PullRequestStatus;
import dev.podbench.pr.status.ReviewSummary;

/** The {@code pull_request} table (and the ids of events already applied), through the reactive PostgreSQL client. */
@ApplicationScoped
public class PullRequestStore {

    private static final String COLUMNS = "id, session_id, host, repository, number, url, provider, namespace, name, "
            + "detected_at, tracked_at, title, state, draft, head_branch, head_sha, mergeable, checks::text as checks, "
            + "review_decision, approvals, checked_at, changed_at, stale_since, stale_reason, failures, next_poll_at, "
            + "session_ended_at";

    private final Pool pool;
    private final ObjectMapper mapper;

    public PullRequestStore(Pool pool, ObjectMapper mapper) {
        this.pool = pool;
        this.mapper = mapper;
    }

    /**
     * Records a detection once per event id; the PR row is created on its first detection and due at once.
     *
     * @return the id of a newly created row; empty for a redelivered event or a PR already tracked
     */
    public Uni<Optional<Long>> recordDetected(String eventId, PullRequestDetected detected, Instant now) {
        return pool.withTransaction(tx -> tx
                .preparedQuery("insert into processed_event (id, processed_at) values ($1, $2) on conflict do nothing returning id")
                .execute(Tuple.of(eventId, utc(now)))
                .chain(applied -> {
                    if (applied.rowCount() == 0) {
                        return Uni.createFrom().item(Optional.<Long>empty());
                    }
                    return insert(tx, detected.sessionId(), new PullRequestLink(detected.url(), detected.provider(),
                            detected.host(), detected.namespace(), detected.repository(), detected.number()),
                            detected.detectedAt(), now);
                }));
    }

    /**
     * A pull request the host listed for a session's branch: a new row, due at once, unless the session already
     * has it (detected in its terminal or chat, or listed before).
     *
     * @return the id of a newly created row
     */
    public Uni<Optional<Long>> recordFound(String sessionId, PullRequestLink link, Instant now) {
        return insert(pool, sessionId, link, now, now);
    }

    private static Uni<Optional<Long>> insert(SqlClient client, String sessionId, PullRequestLink link, Instant detectedAt,
            Instant now) {
        return client.preparedQuery("insert into pull_request (session_id, host, repository, number, url, provider, "
                + "namespace, name, detected_at, tracked_at, changed_at, next_poll_at) "
                + "values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10, $10) "
                + "on conflict (session_id, host, repository, number) do nothing returning id")
                .execute(Tuple.from(List.of(sessionId, link.host().toLowerCase(java.util.Locale.ROOT),
                        link.namespace() + "/" + link.repository(), link.number(), link.url(),
                        link.provider().value(), link.namespace(), link.repository(), utc(detectedAt), utc(now))))
                .map(PullRequestStore::firstId);
    }

    /** Takes up to {@code limit} due rows and pushes their next poll to {@code leaseUntil} (another replica skips them). */
    public Uni<List<TrackedPullRequest>> claimDue(Instant now, int limit, Instant leaseUntil) {
        return pool.preparedQuery("update pull_request set next_poll_at = $2 where id in ("
                + "select id from pull_request where next_poll_at <= $1 order by next_poll_at limit $3 "
                + "for update skip locked) returning " + COLUMNS)
                .execute(Tuple.of(utc(now), utc(leaseUntil), limit))
                .map(this::rows);
    }

    /** Takes one row if it is due (a new detection is read at once rather than at the next tick). */
    public Uni<Optional<TrackedPullRequest>> claim(long id, Instant now, Instant leaseUntil) {
        return pool.preparedQuery("update pull_request set next_poll_at = $3 where id = $1 and next_poll_at <= $2 returning "
                + COLUMNS)
                .execute(Tuple.of(id, utc(now), utc(leaseUntil)))
                .map(rows -> rows(rows).stream().findFirst());
    }

    public Uni<Void> saveRead(long id, PullRequestStatus status, Instant checkedAt, Instant changedAt,
            Optional<Instant> nextPollAt) {
        return pool.preparedQuery("update pull_request set title = $2, state = $3, draft = $4, head_branch = $5, "
                + "head_sha = $6, mergeable = $7, checks = $8::text::jsonb, review_decision = $9, approvals = $10, "
                + "checked_at = $11, changed_at = $12, stale_since = null, stale_reason = null, failures = 0, "
                + "next_poll_at = $13 where id = $1")
                .execute(Tuple.from(java.util.Arrays.asList(id, status.title(), status.state().value(), status.draft(),
                        status.headBranch(), status.headSha(), status.mergeable().value(), json(status.checks()),
                        status.review().decision().value(), status.review().approvals(), utc(checkedAt), utc(changedAt),
                        nextPollAt.map(PullRequestStore::utc).orElse(null))))
                .replaceWithVoid();
    }

    public Uni<Void> saveFailure(long id, Instant staleSince, String reason, int failures, Optional<Instant> nextPollAt) {
        return pool.preparedQuery("update pull_request set stale_since = $2, stale_reason = $3, failures = $4, "
                + "next_poll_at = $5 where id = $1")
                .execute(Tuple.from(java.util.Arrays.asList(id, utc(staleSince), reason, failures,
                        nextPollAt.map(PullRequestStore::utc).orElse(null))))
                .replaceWithVoid();
    }

    /** Reads the row again at {@code at}, keeping what it holds. */
    public Uni<Void> pollAgainAt(long id, Instant at) {
        return pool.preparedQuery("update pull_request set next_poll_at = $2 where id = $1")
                .execute(Tuple.of(id, utc(at)))
                .replaceWithVoid();
    }

    /** The session ended: its PRs are followed for a while longer, then no more. */
    public Uni<Void> sessionEnded(String sessionId, Instant endedAt) {
        return pool.preparedQuery("update pull_request set session_ended_at = $2 where session_id = $1 "
                + "and session_ended_at is null")
                .execute(Tuple.of(sessionId, utc(endedAt)))
                .replaceWithVoid();
    }

    public Uni<List<TrackedPullRequest>> forSession(String sessionId) {
        return pool.preparedQuery("select " + COLUMNS + " from pull_request where session_id = $1 order by detected_at, id")
                .execute(Tuple.of(sessionId))
                .map(this::rows);
    }

    /** Which pull requests a list across sessions keeps; a draft is an open one marked draft. */
    public enum StateFilter {
        ANY(""), OPEN(" and state = 'open' and not draft"), DRAFT(" and state = 'open' and draft"),
        CLOSED(" and state = 'closed'"), MERGED(" and state = 'merged'");

        private final String condition;

        StateFilter(String condition) {
            this.condition = condition;
        }
    }

    /** Newest first, of the given sessions (every session when empty), in the given state. */
    public Uni<List<TrackedPullRequest>> list(Optional<java.util.Set<String>> sessionIds, StateFilter state) {
        String where = sessionIds.isPresent() ? "session_id = any($1)" : "true";
        String sql = "select " + COLUMNS + " from pull_request where " + where + state.condition
                + " order by detected_at desc, id desc";
        return (sessionIds.isPresent()
                ? pool.preparedQuery(sql).execute(Tuple.of((Object) sessionIds.get().toArray(String[]::new)))
                : pool.query(sql).execute())
                .map(this::rows);
    }

    /** Event ids are only needed while Kafka could still redeliver them. */
    public Uni<Void> forgetEventsBefore(Instant before) {
        return pool.preparedQuery("delete from processed_event where processed_at < $1")
                .execute(Tuple.of(utc(before)))
                .replaceWithVoid();
    }

    private static Optional<Long> firstId(RowSet<Row> rows) {
        var it = rows.iterator();
        return it.hasNext() ? Optional.of(it.next().getLong("id")) : Optional.empty();
    }

    private List<TrackedPullRequest> rows(RowSet<Row> rows) {
        List<TrackedPullRequest> result = new java.util.ArrayList<>();
        rows.forEach(row -> result.add(row(row)));
        return result;
    }

    private TrackedPullRequest row(Row row) {
        PullRequestStatus status = row.getString("state") == null ? null : new PullRequestStatus(
                row.getString("title"),
                PullRequestState.fromValue(row.getString("state")),
                Boolean.TRUE.equals(row.getBoolean("draft")),
                row.getString("head_branch"),
                row.getString("head_sha"),
                Mergeable.fromValue(row.getString("mergeable")),
                checks(row.getString("checks")),
                new ReviewSummary(ReviewStatus.fromValue(row.getString("review_decision")), row.getInteger("approvals")));
        return new TrackedPullRequest(
                row.getLong("id"),
                row.getString("session_id"),
                row.getString("host"),
                row.getString("repository"),
                row.getLong("number"),
                row.getString("url"),
                GitProvider.fromValue(row.getString("provider")),
                new PullRequestRef(row.getString("namespace"), row.getString("name"), row.getLong("number")),
                instant(row, "detected_at"),
                instant(row, "tracked_at"),
                status,
                instant(row, "checked_at"),
                instant(row, "changed_at"),
                instant(row, "stale_since"),
                row.getString("stale_reason"),
                row.getInteger("failures"),
                instant(row, "next_poll_at"),
                instant(row, "session_ended_at"));
    }

    private String json(ChecksSummary checks) {
        try {
            return mapper.writeValueAsString(checks);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write checks", e);
        }
    }

    private ChecksSummary checks(String json) {
        try {
            return json == null ? ChecksSummary.NONE : mapper.readValue(json, ChecksSummary.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable checks column", e);
        }
    }

    private static Instant instant(Row row, String column) {
        OffsetDateTime value = row.getOffsetDateTime(column);
        return value == null ? null : value.toInstant();
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
