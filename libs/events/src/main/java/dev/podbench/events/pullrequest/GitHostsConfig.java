package dev.podbench.events.pullrequest;

import java.util.Map;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The Git hosts of this installation ({@code podbench.pr.*}), the one definition every service reads: the gateways'
 * pull-request detection needs the web URLs, pr-tracker also the API URLs and tokens. GitHub by
 * {@code PODBENCH_PR_GITHUB_WEB_URL} / {@code _API_URL} / {@code _TOKEN} ({@code podbench.pr.github.*}), GitLab by
 * {@code PODBENCH_PR_GITLAB_*} ({@code podbench.pr.gitlab.*}), any further host under
 * {@code podbench.pr.hosts.<name>.provider} / {@code .web-url} / {@code .api-url} / {@code .token}.
 * {@link GitHosts#from(GitHostsConfig)} turns it into the hosts pull-request detection knows.
 */
@ConfigMapping(prefix = "podbench.pr")
public interface GitHostsConfig {

    GitHub github();

    GitLab gitlab();

    /** More hosts (a second GitHub Enterprise, a self-managed GitLab, ...) by a name of your choice. */
    Map<String, Host> hosts();

    interface GitHub {
        /** GitHub.com, or a GitHub Enterprise Server's web URL ({@code https://HOST}); {@code none} for no GitHub. */
        @WithDefault("https://github.com")
        String webUrl();

        /** GitHub.com's REST API, or an Enterprise Server's {@code https://HOST/api/v3}. */
        @WithDefault("https://api.github.com")
        String apiUrl();

        /** Without one, public repositories only (and a far lower rate limit). Never logged. */
        Optional<String> token();
    }

    interface GitLab {
        /** GitLab.com, or a self-managed GitLab's web URL; {@code none} for no GitLab at all. */
        @WithDefault("https://gitlab.com")
        String webUrl();

        /** The REST API v4 base, {@code https://HOST/api/v4}. */
        @WithDefault("https://gitlab.com/api/v4")
        String apiUrl();

        Optional<String> token();
    }

    interface Host {
        /** {@code github} or {@code gitlab}. */
        String provider();

        String webUrl();

        /** Required by pr-tracker, which asks the host; detection needs only the web URL. */
        Optional<String> apiUrl();

        Optional<String> token();
    }
}
