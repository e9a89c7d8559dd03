package dev.podbench.session.sessions;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;

import dev.podbench.http.Caller;
import dev.podbench.events.session.SessionState;

@ApplicationScoped
public class SessionStore implements PanacheRepositoryBase<Session, UUID> {

    static final List<SessionState> LIVE = List.of(SessionState.STARTING, SessionState.ACTIVE, SessionState.ENDING);

    /** The session if the caller may see it; others' sessions are indistinguishable from missing ones. */
    public Uni<Session> findVisible(UUID id, Caller caller) {
        return findById(id).map(s -> s != null && caller.mayAccess(s.owner) ? s : null);
    }

    /** Loads the session with a row lock, so concurrent transitions of one session queue up instead of racing. */
    public Uni<Session> lock(UUID id) {
        return findById(id, LockModeType.PESSIMISTIC_WRITE);
    }

    public Uni<Session> findLiveOnBranch(UUID repositoryId, String branch) {
        return find("repositoryId = ?1 and branch = ?2 and state in ?3", repositoryId, branch, LIVE).firstResult();
    }

    public Uni<List<Session>> listLive(UUID repositoryId) {
        return list("repositoryId = ?1 and state in ?2", repositoryId, LIVE);
    }

    /**
     * How many sessions each pod of the repository holds: those placed on it and not yet ended or failed (an ending
     * session's worktree is still there).
     */
    public Uni<Map<String, Integer>> sessionsByPod(UUID repositoryId) {
        return list("repositoryId = ?1 and pod is not null and state in ?2", repositoryId, LIVE).map(placed -> {
            Map<String, Integer> byPod = new HashMap<>();
            placed.forEach(s -> byPod.merge(s.pod, 1, Integer::sum));
            return byPod;
        });
    }

    /** Every starting, active or ending session, of any repository. */
    public Uni<List<Session>> listAllLive() {
        return list("state in ?1", LIVE);
    }

    /** Active sessions whose last activity is older than {@code before} and that were not warned since. */
    public Uni<List<Session>> idleUnwarned(Instant before) {
        return list("state = ?1 and lastActivityAt < ?2 and idleWarnedAt is null", SessionState.ACTIVE, before);
    }

    /** Active sessions warned before {@code before} without activity after the warning. */
    public Uni<List<Session>> warnedAndStillIdle(Instant before) {
        return list("state = ?1 and idleWarnedAt < ?2 and lastActivityAt <= idleWarnedAt", SessionState.ACTIVE, before);
    }

    public Uni<Integer> recordActivity(UUID id, Instant at) {
        return update("lastActivityAt = ?1, idleWarnedAt = null where id = ?2 and lastActivityAt < ?1", at, id);
    }

    /** cost-service's running total; an older total arriving late does not overwrite a newer one. */
    public Uni<Integer> recordCost(UUID id, java.math.BigDecimal total, Instant at) {
        return update("costUsd = ?1, costUpdatedAt = ?2 where id = ?3 and (costUpdatedAt is null or costUpdatedAt < ?2)",
                total, at, id);
    }

    /** Sessions in {@code state} since before {@code before} (by creation for starting ones, by end request otherwise). */
    public Uni<List<Session>> stale(SessionState state, Instant before) {
        return state == SessionState.STARTING ? list("state = ?1 and createdAt < ?2", state, before)
                : list("state = ?1 and endedAt < ?2", state, before);
    }

    /** A page of the sessions the caller may see, newest first. */
    public Uni<List<Session>> page(Caller caller, SessionState state, UUID repositoryId, int page, int size) {
        Query q = query(caller, state, repositoryId);
        return find(q.where, Sort.descending("createdAt").and("id", Sort.Direction.Descending), q.params)
                .page(Page.of(page, size)).list();
    }

    public Uni<Long> count(Caller caller, SessionState state, UUID repositoryId) {
        Query q = query(caller, state, repositoryId);
        return count(q.where, q.params);
    }

    private static Query query(Caller caller, SessionState state, UUID repositoryId) {
        StringBuilder where = new StringBuilder("1 = 1");
        Map<String, Object> params = new HashMap<>();
        if (!caller.admin()) {
            where.append(" and owner = :owner");
            params.put("owner", caller.name());
        }
        if (state != null) {
            where.append(" and state = :state");
            params.put("state", state);
        }
        if (repositoryId != null) {
            where.append(" and repositoryId = :repositoryId");
            params.put("repositoryId", repositoryId);
        }
        return new Query(where.toString(), params);
    }

    private record Query(String where, Map<String, Object> params) {
    }
}
