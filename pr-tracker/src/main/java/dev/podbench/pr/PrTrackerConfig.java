package dev.podbench.pr;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import dev.podbench.events.pullrequest.GitProvider;
import dev.podbench.pr.hosts.HostToken;

/**
 * {@code podbench.pr.*}: the Git hosts pr-tracker may ask, and how it polls them. The GitHub and GitLab hosts come
 * from {@code PODBENCH_PR_GITHUB_*} / {@code PODBENCH_PR_GITLAB_*} (see application.properties); further hosts are
 * added under {@code podbench.pr.hosts.<name>.*}.
 */
@ConfigMapping(prefix = "podbench.pr")
public interface PrTrackerConfig {

    /** Git hosts by name (the name only labels logs and metrics). */
    Map<String, Host> hosts();

    Poll poll();

    Http http();

    interface Host {
        GitProvider provider();

        /** Where the host's pull requests live in a browser, e.g. {@code https://github.com}. */
        URI webUrl();

        /** The REST API base, e.g. {@code https://api.github.com}, {@code https://HOST/api/v3}, {@code https://HOST/api/v4}. */
        URI apiUrl();

        /** Without one, public repositories only (and a far lower rate limit). */
        Optional<HostToken> token();
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
