package dev.podbench.chat.agent;

import java.time.Duration;

import dev.podbench.chat.config.ChatConfig;

/**
 * When an agent that exited on its own is started again: after a delay that doubles per consecutive failure
 * (from {@code backoff} up to {@code maxBackoff}), and not at all after more than {@code maxRestarts} failures in a
 * row. Pure: it decides, the supervisor keeps the count and the timer.
 */
public record RestartPolicy(int maxRestarts, Duration backoff, Duration maxBackoff) {

    /** Doubling stops here; the cap applies long before for any sane configuration. */
    private static final int MAX_DOUBLINGS = 10;

    public static RestartPolicy of(ChatConfig config) {
        return new RestartPolicy(config.maxRestarts(), config.restartBackoff(), config.maxRestartBackoff());
    }

    /** What to do after an exit; {@code failures} counts this one (1 for the first failure in a row). */
    public Decision afterFailure(int failures) {
        if (failures > maxRestarts) {
            return Decision.GIVE_UP;
        }
        long millis = backoff.toMillis() << Math.min(MAX_DOUBLINGS, Math.max(0, failures - 1));
        return Decision.restartAfter(Duration.ofMillis(Math.max(1, Math.min(millis, maxBackoff.toMillis()))));
    }

    /** Restart after {@code delay}, or ({@code delay == null}) give up. */
    public record Decision(Duration delay) {

        static final Decision GIVE_UP = new Decision(null);

        static Decision restartAfter(Duration delay) {
            return new Decision(delay);
        }

        public boolean givesUp() {
            return delay == null;
        }
    }
}
