package dev.podbench.session.sessions;

import java.time.Clock;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

import dev.podbench.events.session.SessionEndReason;
import dev.podbench.events.session.SessionState;
import dev.podbench.http.Caller;
import dev.podbench.session.errors.NotFound;
import dev.podbench.session.outbox.Outbox;
import dev.podbench.session.repositories.RepositoryStore;

/**
 * The end of a session: {@code active → ending → ended}. The transition and its events commit first; terminals and
 * the worktree go afterwards, and a failed cleanup leaves the session {@code ending} for the sweeper.
 */
@ApplicationScoped
public class SessionEnding {

    private static final Logger LOG = Logger.getLogger(SessionEnding.class);
    /** Podbench itself ending sessions (idle policy, a deleted repository): it may end anybody's. */
    private static final Caller SYSTEM = new Caller("podbench", true);

    private final SessionStore sessions;
    private final RepositoryStore repositories;
    private final Outbox outbox;
    private final SessionEvents events;
    private final SessionWorkspace workspace;
    private final SessionWork work;
    private final Clock clock;

    public SessionEnding(SessionStore sessions, RepositoryStore repositories, Outbox outbox, SessionEvents events,
            SessionWorkspace workspace, SessionWork work, Clock clock) {
        this.sessions = sessions;
        this.repositories = repositories;
        this.outbox = outbox;
        this.events = events;
        this.workspace = workspace;
        this.work = work;
        this.clock = clock;
    }

    public Uni<SessionView> end(UUID id, Caller caller, SessionEndReason reason) {
        return Panache.withTransaction(() -> sessions.lock(id).flatMap(s -> {
            if (s == null || !caller.mayAccess(s.owner)) {
                return Uni.createFrom().failure(new NotFound("session", id));
            }
            if (s.state != SessionState.STARTING && s.state != SessionState.ACTIVE) {
                // Ending twice (or ending a failed session) changes nothing.
                return Uni.createFrom().item(new Transition(s, null));
            }
            SessionState before = s.state;
            s.state = SessionState.ENDING;
            s.endReason = reason;
            s.endedAt = clock.instant();
            return repositories.findById(s.repositoryId).flatMap(repository -> outbox.append(events.ended(s))
                    .call(() -> outbox.append(events.snapshot(s, repository)))
                    .replaceWith(new Transition(s, before)));
        })).flatMap(transition -> {
            if (transition.before == null) {
                return Uni.createFrom().item(transition.session);
            }
            outbox.committed();
            // A starting session is cleaned up by its start, which sees the end when it takes the lock.
            return transition.before == SessionState.ACTIVE ? work.guarded(id, () -> cleanUp(transition.session))
                    : Uni.createFrom().item(transition.session);
        }).map(SessionView::of);
    }

    /** Podbench ends a session on its own account (idle policy, repository deleted). */
    public Uni<SessionView> endBySystem(UUID id, SessionEndReason reason) {
        return end(id, SYSTEM, reason);
    }

    /** Ends every live session of a repository (it is being deleted). */
    public Uni<Void> endAll(UUID repositoryId) {
        return Panache.withSession(() -> sessions.listLive(repositoryId))
                .flatMap(live -> Multi.createFrom().iterable(live)
                        .onItem().transformToUniAndConcatenate(s -> endBySystem(s.id, SessionEndReason.ADMIN))
                        .collect().asList())
                .replaceWithVoid();
    }

    /**
     * Terminals killed, worktree removed (uncommitted work is lost, as the UI warned), then {@code ended}; all on the
     * pod recorded on the session (a pod that no longer exists took them with it). The branch and its commits stay in
     * the pod's repository. A failure leaves the session {@code ending}; the sweeper tries again later.
     */
    Uni<Session> cleanUp(Session ending) {
        return Panache.withSession(() -> repositories.findById(ending.repositoryId))
                .flatMap(repository -> ending.pod == null ? Uni.createFrom().voidItem()
                        : workspace.podOf(repository, ending.pod)
                                .call(pod -> pod == null ? Uni.createFrom().voidItem()
                                        : workspace.killTerminals(pod, ending.id))
                                .call(pod -> pod == null || ending.worktreePath == null ? Uni.createFrom().voidItem()
                                        : workspace.removeWorktree(pod, ending.worktreePath))
                                .replaceWithVoid())
                .flatMap(ignored -> markEnded(ending.id))
                .onFailure().recoverWithItem(e -> {
                    LOG.warnf("session %s: cleanup failed, will retry: %s", ending.id, e.getMessage());
                    return ending;
                });
    }

    private Uni<Session> markEnded(UUID id) {
        return Panache.withTransaction(() -> sessions.lock(id).flatMap(s -> {
            if (s.state != SessionState.ENDING) {
                return Uni.createFrom().item(s);
            }
            s.state = SessionState.ENDED;
            return repositories.findById(s.repositoryId)
                    .flatMap(repository -> outbox.append(events.snapshot(s, repository)))
                    .replaceWith(s);
        })).invoke(outbox::committed);
    }

    private record Transition(Session session, SessionState before) {
    }
}
