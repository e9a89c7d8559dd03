package dev.podbench.events.session;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * When a {@code session.activity} event is due: at most once per interval per session, so a busy terminal or
 * chat cannot flood Kafka (the idle policy only needs to know the user was there recently). Thread-safe.
 */
public final class ActivityThrottle {

    private final Duration interval;
    private final Clock clock;
    private final ConcurrentMap<String, Instant> lastPublished = new ConcurrentHashMap<>();

    public ActivityThrottle(Duration interval, Clock clock) {
        this.interval = interval;
        this.clock = clock;
    }

    /** The time to publish the session's activity at, or empty when it was published less than an interval ago. */
    public Optional<Instant> due(String sessionId) {
        Instant now = clock.instant();
        Instant previous = lastPublished.get(sessionId);
        if (previous != null && previous.plus(interval).isAfter(now)) {
            return Optional.empty();
        }
        boolean won = previous == null ? lastPublished.putIfAbsent(sessionId, now) == null
                : lastPublished.replace(sessionId, previous, now);
        return won ? Optional.of(now) : Optional.empty();
    }

    /** The session is over. */
    public void forget(String sessionId) {
        lastPublished.remove(sessionId);
    }
}
