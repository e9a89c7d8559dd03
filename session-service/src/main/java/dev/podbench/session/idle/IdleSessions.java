package dev.podbench.session.idle;

import static dev.podbench.session.sessions.SessionWork.each;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

import dev.podbench.events.session.SessionEndReason;
import dev.podbench.events.session.SessionState;
import dev.podbench.session.config.PodbenchConfig;
import dev.podbench.session.outbox.Outbox;
import dev.podbench.session.sessions.SessionEnding;
import dev.podbench.session.sessions.SessionEvents;
import dev.podbench.session.sessions.SessionStore;

/**
 * The idle policy: a session without activity for {@code podbench.idle.warn-after} is warned, and ended if it is
 * still idle {@code podbench.idle.grace} later. Activity reported by a gateway resets both.
 */
@ApplicationScoped
public class IdleSessions {

    private static final Logger LOG = Logger.getLogger(IdleSessions.class);

    private final SessionStore sessions;
    private final Outbox outbox;
    private final SessionEvents events;
    private final SessionEnding endings;
    private final PodbenchConfig config;
    private final Clock clock;

    public IdleSessions(SessionStore sessions, Outbox outbox, SessionEvents events, SessionEnding endings,
            PodbenchConfig config, Clock clock) {
        this.sessions = sessions;
        this.outbox = outbox;
        this.events = events;
        this.endings = endings;
        this.config = config;
        this.clock = clock;
    }

    /** Marks activity seen by a gateway; a warned session is un-warned by it. */
    public Uni<Void> recordActivity(UUID id, Instant at) {
        return Panache.withTransaction(() -> sessions.recordActivity(id, at)).replaceWithVoid();
    }

    /** Warns sessions idle for longer than the configured time; ends those still idle a grace period after. */
    public Uni<Void> apply() {
        Instant now = clock.instant();
        Instant warnBefore = now.minus(config.idle().warnAfter());
        Instant endBefore = now.minus(config.idle().grace());
        return Panache.withSession(() -> sessions.idleUnwarned(warnBefore))
                .flatMap(idle -> each(idle, s -> warn(s.id, warnBefore)))
                .flatMap(ignored -> Panache.withSession(() -> sessions.warnedAndStillIdle(endBefore)))
                .flatMap(idle -> each(idle, s -> {
                    LOG.infof("ending idle session %s of %s", s.id, s.owner);
                    return endings.endBySystem(s.id, SessionEndReason.IDLE).replaceWithVoid();
                }));
    }

    private Uni<Void> warn(UUID id, Instant warnBefore) {
        return Panache.withTransaction(() -> sessions.lock(id).flatMap(s -> {
            if (s.state != SessionState.ACTIVE || s.idleWarnedAt != null || !s.lastActivityAt.isBefore(warnBefore)) {
                return Uni.createFrom().voidItem();
            }
            Instant now = clock.instant();
            s.idleWarnedAt = now;
            return outbox.append(events.idleWarning(s, now.plus(config.idle().grace())));
        })).invoke(outbox::committed);
    }
}
