package dev.podbench.cost.sessions;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Whose a session is. Today: the user its spend is attributed to in the ledger (so a session without usage has
 * no known owner). The shared session directory of issue 12 replaces this lookup (then sessions without usage
 * are known too).
 */
@ApplicationScoped
public class SessionOwners {

    private final Pool pool;

    public SessionOwners(Pool pool) {
        this.pool = pool;
    }

    /** The owner, or null when the ledger knows nothing of the session. */
    public Uni<SessionOwner> find(String sessionId) {
        return pool.preparedQuery("SELECT user_id, repository_id FROM session_cost WHERE session_id = $1")
                .execute(Tuple.of(sessionId))
                .map(rows -> rows.size() == 0 ? null
                        : new SessionOwner(rows.iterator().next().getString("user_id"),
                                rows.iterator().next().getString("repository_id")));
    }

    public record SessionOwner(String userId, String repositoryId) {
    }
}
