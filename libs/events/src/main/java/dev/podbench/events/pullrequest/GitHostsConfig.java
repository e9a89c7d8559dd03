package dev.podbench.events.pullrequest;

import java.util.Map;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The Git hosts of this installation, as every service configures them ({@code podbench.pr.*}): GitHub by
 * {@code PODBENCH_PR_GITHUB_WEB_URL}, GitLab by {@code PODBENCH_PR_GITLAB_WEB_URL}, any further host under
 * {@code podbench.pr.hosts.<name>.provider} / {@code .web-url}. {@link GitHosts#from(GitHostsConfig)} turns it
 * into the hosts pull-request detection knows.
 */
@ConfigMapping(prefix = "podbench.pr")
public interface GitHostsConfig {

    GitHub github();

    GitLab gitlab();

    /** More hosts (a second GitHub Enterprise, a self-managed GitLab, ...) by a name of your choice. */
    Map<String, Host> hosts();

    interface GitHub {
        /** GitHub.com, or a GitHub Enterprise Server's web URL ({@code https://HOST}). */
        @WithDefault("https://github.com")
        String webUrl();
    }

    interface GitLab {
        /** GitLab.com, or a self-managed GitLab's web URL; {@code none} for no GitLab at all. */
        @WithDefault("https://gitlab.com")
        String webUrl();
    }

    interface Host {
        /** {@code github} or {@code gitlab}. */
        String provider();

        String webUrl();
    }
}
