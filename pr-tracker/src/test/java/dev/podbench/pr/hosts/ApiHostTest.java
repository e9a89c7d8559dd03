package dev.podbench.pr.hosts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.podbench.events.pullrequest.GitProvider;

class GitHostTest {

    static final String SECRET = "ghp_16C7e42F292c6912E7710c838347Ae178B4a";

    @Test
    void plainHttpIsAllowedOnLoopbackOnly() {
        for (String ok : List.of("https://github.example.com/api/v3", "http://127.0.0.1:8089", "http://localhost:1/x",
                "http://[::1]:8080")) {
            assertThat(host(ok).apiUrl()).hasToString(ok);
        }
        assertThatThrownBy(() -> host("http://github.example.com/api/v3"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("podbench.pr.hosts.ghe.api-url").hasMessageContaining("https is required");
        assertThatThrownBy(() -> host("http://127.0.0.1.evil.example/api"))
                .hasMessageContaining("https is required");
    }

    @Test
    void credentialsInAUrlAreRefusedWithoutRepeatingThem() {
        assertThatThrownBy(() -> host("https://user:" + SECRET + "@github.example.com/api/v3"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("podbench.pr.hosts.ghe.token")
                .message().doesNotContain(SECRET);
    }

    @Test
    void theTokenNeverShowsInToString() {
        ApiHost host = new ApiHost("ghe", GitProvider.GITHUB, URI.create("https://github.example.com"),
                URI.create("https://github.example.com/api/v3"), Optional.of(HostToken.of(SECRET)));

        assertThat(host.toString()).doesNotContain(SECRET).contains("with token");
        assertThat(host.token().orElseThrow().toString()).doesNotContain(SECRET);
        assertThat(host.laneKey()).doesNotContain(SECRET).hasSize(16);
        assertThat(host.token().orElseThrow().authorization()).isEqualTo("Bearer " + SECRET);
    }

    @Test
    void aUrlBelongsToTheHostWithTheLongestMatchingWebBase() {
        ApiHost gitlab = new ApiHost("gitlab", GitProvider.GITLAB, URI.create("https://git.example.com/"),
                URI.create("https://git.example.com/api/v4"), Optional.empty());
        ApiHost underPath = new ApiHost("mirror", GitProvider.GITLAB, URI.create("https://git.example.com/mirror"),
                URI.create("https://git.example.com/mirror/api/v4"), Optional.empty());
        ApiHosts hosts = new ApiHosts(List.of(gitlab, underPath));

        assertThat(hosts.forUrl("https://git.example.com/mirror/a/b/-/merge_requests/3")).contains(underPath);
        assertThat(hosts.forUrl("https://GIT.example.com/team/app/-/merge_requests/3")).contains(gitlab);
        assertThat(hosts.forUrl("https://git.example.community/team/app/-/merge_requests/3")).isEmpty();
    }

    private static ApiHost host(String apiUrl) {
        return new ApiHost("ghe", GitProvider.GITHUB, URI.create("https://github.example.com"), URI.create(apiUrl),
                Optional.empty());
    }
}
