package dev.podbench.session.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The session service's own settings ({@code podbench.*} in application.properties). */
@ConfigMapping(prefix = "podbench")
public interface PodbenchConfig {

    Git git();

    Sessions sessions();

    Idle idle();

    Outbox outbox();

    Pods pods();

    interface Pods {

        /**
         * How often idle repository pods are looked for (the {@code kubernetes} runtime; the time a pod may stay
         * idle is {@code podbench.workspace.kubernetes.idle-pod-timeout}).
         */
        @WithDefault("1m")
        Duration reclaimInterval();
    }

    interface Git {

        /** Upper bound for talking to a remote from the service itself (ls-remote while registering a repository). */
        @WithDefault("20s")
        Duration remoteTimeout();

        /** Upper bound for a fetch or worktree operation inside a pod. */
        @WithDefault("2m")
        Duration podTimeout();

        /** How long a repository's remote branch list is reused, so a form that suggests branches does not hammer the remote. */
        @WithDefault("30s")
        Duration branchesCacheTtl();

        /** At most this many remote branches are listed; a longer list is cut and flagged {@code truncated}. */
        @WithDefault("1000")
        int maxBranches();
    }

    interface Sessions {

        @WithDefault("20")
        int defaultPageSize();

        @WithDefault("100")
        int maxPageSize();

        /** A session still starting after this long is failed (its worker died, e.g. in a restart). */
        @WithDefault("10m")
        Duration startTimeout();
    }

    interface Idle {

        /** No activity for this long: the session is warned. */
        @WithDefault("8h")
        Duration warnAfter();

        /** Still no activity this long after the warning: the session is ended. */
        @WithDefault("15m")
        Duration grace();

        /** How often the policy looks for idle sessions (and retries stuck cleanups). */
        @WithDefault("1m")
        Duration checkInterval();
    }

    interface Outbox {

        /** How often the relay looks for unpublished events when nobody woke it up. */
        @WithDefault("500ms")
        Duration pollInterval();

        @WithDefault("200")
        int batchSize();

        /** The longest pause between two attempts while Kafka is unreachable. */
        @WithDefault("10s")
        Duration maxBackoff();

        /** How long one batch may wait for Kafka's acknowledgements before the relay retries it. */
        @WithDefault("15s")
        Duration sendTimeout();
    }
}
