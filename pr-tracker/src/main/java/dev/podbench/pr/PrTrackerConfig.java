package dev.podbench.pr;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;


/**
 * {@code podbench.pr.*}: how pr-tracker polls and talks to the Git hosts. The hosts themselves are libs/events'
 * {@code GitHostsConfig} (the one definition the gateways' detection shares).
 */
@ConfigMapping(prefix = "podbench.pr")
public interface PrTrackerConfig {

    Poll poll();

    Api api();

    Http http();

    Discovery discovery();

    /** How often an active session's branch is looked up for pull requests nobody printed. */
    interface Discovery {
        /** Early in a session, when a push is most likely to come soon. */
        @WithDefault("30s")
        Duration earlyEvery();

        /** How long "early" lasts, from when this instance first saw the session active. */
        @WithDefault("10m")
        Duration earlyFor();

        /** Afterwards, until the session ends (then once more). */
        @WithDefault("2m")
        Duration every();
    }

    interface Api {
        /** How long an owner check waits for a session the directory does not know yet (just created). */
        @WithDefault("3s")
        Duration sessionWait();
    }

    interface Poll {
        /** How often due pull requests are looked for. */
        @WithDefault("1s")
        Duration tick();

        /** At most this many pull requests are refreshed per tick. */
        @WithDefault("50")
        int batch();
    }

    interface Http {
        /** One request to a Git host, connect to last byte. */
        @WithDefault("10s")
        Duration timeout();

        /** Answers kept for conditional requests (ETags). */
        @WithDefault("5000")
        int cachedAnswers();

        /** Requests waiting for their token's lane; more are refused until the lane drains. */
        @WithDefault("500")
        int queuedPerToken();
    }
}
