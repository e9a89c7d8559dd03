package dev.podbench.sessions;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** {@code podbench.sessions.*}: how the session directory waits for the compacted topic's replay. */
@ConfigMapping(prefix = "podbench.sessions")
public interface SessionDirectoryConfig {

    /**
     * How long a lookup made right after a start waits for the snapshot topic to be replayed before it answers
     * with what is known (an unknown session then looks unknown).
     */
    @WithDefault("30s")
    Duration replayWait();
}
