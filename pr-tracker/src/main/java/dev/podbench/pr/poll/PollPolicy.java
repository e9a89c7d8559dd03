package dev.podbench.pr.poll;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

import dev.podbench.pr.status.CheckState;
import dev.podbench.pr.status.Mergeable;

/**
 * When to ask the Git host about a pull request again. Pure: it reads only its clock and the facts it is given.
 *
 * <ul>
 * <li>about every 10 s during the first 2 minutes after the PR was found (a new PR fills in fast);</li>
 * <li>every 20 s while checks are pending or the host is still computing mergeability;</li>
 * <li>every 60 s once settled, every 5 minutes after an hour without any change;</li>
 * <li>never again after the final read of a merged or closed PR, nor 7 days after its session ended;</li>
 * <li>after a failure: the host's own retry time if it gave one, else exponential backoff with jitter.</li>
 * </ul>
 */
public final class PollPolicy {

    static final Duration NEW_WINDOW = Duration.ofMinutes(2);
    static final Duration NEW_INTERVAL = Duration.ofSeconds(10);
    static final Duration PENDING_INTERVAL = Duration.ofSeconds(20);
    static final Duration SETTLED_INTERVAL = Duration.ofSeconds(60);
    static final Duration QUIET_AFTER = Duration.ofHours(1);
    static final Duration QUIET_INTERVAL = Duration.ofMinutes(5);
    static final Duration FOLLOW_AFTER_SESSION = Duration.ofDays(7);
    static final Duration FIRST_BACKOFF = Duration.ofSeconds(15);
    static final Duration MAX_BACKOFF = Duration.ofMinutes(10);

    /** What the policy needs to know about one pull request. */
    public record Facts(Instant firstSeenAt, Instant lastChangedAt, boolean finished, CheckState checks,
            Mergeable mergeable, Instant sessionEndedAt) {
    }

    private final Clock clock;
    private final DoubleSupplier random;

    public PollPolicy(Clock clock) {
        this(clock, () -> ThreadLocalRandom.current().nextDouble());
    }

    /** @param random uniform in [0, 1): the jitter source (fixed in tests) */
    public PollPolicy(Clock clock, DoubleSupplier random) {
        this.clock = clock;
        this.random = random;
    }

    /** After a successful read: when to read again, or empty to stop following this PR. */
    public Optional<Instant> nextAfterRead(Facts facts) {
        Instant now = clock.instant();
        if (facts.finished() || followingEnded(facts, now)) {
            return Optional.empty();
        }
        return Optional.of(now.plus(interval(facts, now)));
    }

    /**
     * After a failed read. {@code retryAt} is the host's answer (rate-limit reset, {@code retry-after}); without it
     * the wait doubles with every consecutive failure ({@code failures} ≥ 1), from 15 s up to 10 minutes, ±25 %.
     */
    public Optional<Instant> nextAfterFailure(Facts facts, int failures, Optional<Instant> retryAt) {
        Instant now = clock.instant();
        if (followingEnded(facts, now)) {
            return Optional.empty();
        }
        Instant backoff = now.plus(jittered(backoff(failures)));
        return Optional.of(retryAt.filter(at -> at.isAfter(backoff)).orElse(backoff));
    }

    static Duration backoff(int failures) {
        int doublings = Math.max(0, Math.min(failures - 1, 16));
        Duration wait = FIRST_BACKOFF.multipliedBy(1L << doublings);
        return wait.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : wait;
    }

    private Duration jittered(Duration wait) {
        double factor = 0.75 + random.getAsDouble() * 0.5;
        return Duration.ofMillis(Math.round(wait.toMillis() * factor));
    }

    private static Duration interval(Facts facts, Instant now) {
        if (facts.firstSeenAt() != null && Duration.between(facts.firstSeenAt(), now).compareTo(NEW_WINDOW) < 0) {
            return NEW_INTERVAL;
        }
        if (facts.lastChangedAt() != null && Duration.between(facts.lastChangedAt(), now).compareTo(QUIET_AFTER) >= 0) {
            return QUIET_INTERVAL;
        }
        if (facts.checks() == CheckState.PENDING || facts.mergeable() == Mergeable.UNKNOWN) {
            return PENDING_INTERVAL;
        }
        return SETTLED_INTERVAL;
    }

    private static boolean followingEnded(Facts facts, Instant now) {
        return facts.sessionEndedAt() != null
                && !now.isBefore(facts.sessionEndedAt().plus(FOLLOW_AFTER_SESSION));
    }
}
