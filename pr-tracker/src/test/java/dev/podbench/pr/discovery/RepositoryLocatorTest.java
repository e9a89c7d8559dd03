package dev.podbench.pr.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.podbench.events.pullrequest.GitProvider;
import dev.podbench.pr.hosts.ApiHost;
import dev.podbench.pr.hosts.RepositoryRef;

class RepositoryLocatorTest {

    static final ApiHost GITHUB = host("github", GitProvider.GITHUB, "https://github.com", "https://api.github.com");
    static final ApiHost GITLAB = host("gitlab", GitProvider.GITLAB, "https://gitlab.com", "https://gitlab.com/api/v4");
    static final ApiHost CORP = host("corp", GitProvider.GITLAB, "https://git.corp.example:8443/gitlab",
            "https://git.corp.example:8443/gitlab/api/v4");
    static final ApiHost MIRROR = host("mirror", GitProvider.GITHUB, "http://127.0.0.1:8089", "http://127.0.0.1:8089/api/v3");
    static final List<ApiHost> HOSTS = List.of(GITHUB, GITLAB, CORP, MIRROR);

    @Test
    void httpsSshAndScpLikeUrlsNameTheHostAndRepository() {
        assertThat(locate("https://github.com/acme/app.git")).contains(located(GITHUB, "acme", "app"));
        assertThat(locate("https://GitHub.com/acme/app")).contains(located(GITHUB, "acme", "app"));
        assertThat(locate("git@github.com:acme/app.git")).contains(located(GITHUB, "acme", "app"));
        assertThat(locate("ssh://git@github.com:22/acme/app.git")).contains(located(GITHUB, "acme", "app"));
        assertThat(locate("https://gitlab.com/platform/tools/app.git")).contains(located(GITLAB, "platform/tools", "app"));
        assertThat(locate("http://127.0.0.1:8089/acme/app.git")).contains(located(MIRROR, "acme", "app"));
    }

    @Test
    void aHostUnderAPathNeedsItsPortAndPrefixOverHttpsButNotOverSsh() {
        assertThat(locate("https://git.corp.example:8443/gitlab/platform/app.git")).contains(located(CORP, "platform", "app"));
        assertThat(locate("https://git.corp.example/gitlab/platform/app.git")).isEmpty();
        assertThat(locate("git@git.corp.example:platform/app.git")).contains(located(CORP, "platform", "app"));
    }

    @Test
    void localPathsUnknownHostsAndUrlsWithoutARepositoryServeNothing() {
        assertThat(locate("/srv/git/app.git")).isEmpty();
        assertThat(locate("file:///srv/git/app.git")).isEmpty();
        assertThat(locate("https://bitbucket.org/acme/app.git")).isEmpty();
        assertThat(locate("https://github.com/app.git")).isEmpty();
        assertThat(locate("http://127.0.0.1:9999/acme/app.git")).isEmpty();
        assertThat(locate(null)).isEmpty();
    }

    private static Optional<RepositoryLocator.Located> locate(String cloneUrl) {
        return RepositoryLocator.locate(cloneUrl, HOSTS);
    }

    private static RepositoryLocator.Located located(ApiHost host, String namespace, String name) {
        return new RepositoryLocator.Located(host, new RepositoryRef(namespace, name));
    }

    private static ApiHost host(String name, GitProvider provider, String web, String api) {
        return new ApiHost(name, provider, URI.create(web), URI.create(api), Optional.empty());
    }
}
