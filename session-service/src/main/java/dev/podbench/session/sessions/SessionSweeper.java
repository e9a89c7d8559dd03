package dev.podbench.session.sessions;

import static dev.podbench.session.sessions.SessionWork.each;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

import dev.podbench.events.session.SessionState;
import dev.podbench.session.config.PodbenchConfig;
import dev.podbench.session.repositories.RepositoryStore;

/**
 * Finishes what was interrupted: cleanups that failed (or whose process died) are retried, and starts that have been
 * running for longer than any start can take are given up. Sessions this process is working on are skipped.
 */
@ApplicationScoped
public class SessionSweeper {

    /** An end request still cleaning up after this long has lost its worker (failure or restart). */
    private static final Duration STUCK_ENDING = Duration.ofSeconds(30);

    private final SessionStore sessions;
    private final RepositoryStore repositories;
    private final SessionService starts;
    private final SessionEnding endings;
    private final SessionWork work;
    private final PodbenchConfig config;
    private final Clock clock;

    public SessionSweeper(SessionStore sessions, RepositoryStore repositories, SessionService starts,
            SessionEnding endings, SessionWork work, PodbenchConfig config, Clock clock) {
        this.sessions = sessions;
        this.repositories = repositories;
        this.starts = starts;
        this.endings = endings;
        this.work = work;
        this.config = config;
        this.clock = clock;
    }

    public Uni<Void> sweep() {
        Instant now = clock.instant();
        Duration startTimeout = config.sessions().startTimeout();
        return Panache.withSession(() -> sessions.stale(SessionState.ENDING, now.minus(STUCK_ENDING)))
                .flatMap(ending -> each(ending, s -> work.isBusy(s.id) ? Uni.createFrom().voidItem()
                        : work.guarded(s.id, () -> endings.cleanUp(s)).replaceWithVoid()))
                .flatMap(ignored -> Panache.withSession(() -> sessions.stale(SessionState.STARTING, now.minus(startTimeout))))
                .flatMap(starting -> each(starting, s -> work.isBusy(s.id) ? Uni.createFrom().voidItem()
                        : Panache.withSession(() -> repositories.findById(s.repositoryId)).flatMap(
                                r -> starts.failStart(s.id, "the session did not start within "
                                        + startTimeout.toMinutes() + " minutes", r))));
    }
}
