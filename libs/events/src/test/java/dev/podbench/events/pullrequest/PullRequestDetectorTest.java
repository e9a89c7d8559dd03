package dev.podbench.events.pullrequest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PullRequestDetectorTest {

    private final PullRequestDetector detector = new PullRequestDetector(PullRequestScannerTest.HOSTS);

    @Test
    void findsGitHubAndGitLabLinksCanonically() {
        var links = detector.find("""
                Created https://github.com/acme/widgets/pull/7 and see https://github.com/acme/widgets/pull/7/files.
                MR: https://gitlab.example.com/group/sub/app/-/merge_requests/12, not https://github.com/acme/widgets/issues/3
                """);
        assertThat(links).extracting(PullRequestLink::url).containsExactly(
                "https://github.com/acme/widgets/pull/7",
                "https://gitlab.example.com/group/sub/app/-/merge_requests/12");
        var gitlab = links.get(1);
        assertThat(gitlab.provider()).isEqualTo(GitProvider.GITLAB);
        assertThat(gitlab.namespace()).isEqualTo("group/sub");
        assertThat(gitlab.repository()).isEqualTo("app");
        assertThat(gitlab.number()).isEqualTo(12);
    }

    @Test
    void ignoresTextWithoutLinks() {
        assertThat(detector.find("pull/7 nothing here")).isEmpty();
        assertThat(detector.find(null)).isEmpty();
    }

    @Test
    void knowsOnlyTheConfiguredHosts() {
        assertThat(detector.find("https://gitlab.example.org/g/p/-/merge_requests/1 https://ghe.other/a/b/pull/2"))
                .isEmpty();
        var enterprise = new PullRequestDetector(GitHosts.of(
                GitHost.of("ghe", GitProvider.GITHUB, "https://ghe.corp.example"),
                GitHost.of("lab", GitProvider.GITLAB, "https://corp.example/gitlab/")));
        assertThat(enterprise.find("https://github.com/a/b/pull/1 https://ghe.corp.example/a/b/pull/2 "
                + "https://corp.example/gitlab/g/p/-/merge_requests/3 https://corp.example/g/p/-/merge_requests/4"))
                .extracting(PullRequestLink::url, PullRequestLink::namespace)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("https://ghe.corp.example/a/b/pull/2", "a"),
                        org.assertj.core.groups.Tuple.tuple("https://corp.example/gitlab/g/p/-/merge_requests/3", "g"));
    }

    @Test
    void aGitHubHostHasNoMergeRequestsAndAGitLabHostNoPulls() {
        assertThat(detector.find("https://github.com/g/p/-/merge_requests/1 https://gitlab.com/a/b/pull/2")).isEmpty();
    }

    @Test
    void canonicalisesHostCaseDefaultPortAndLeadingZeros() {
        assertThat(detector.find("https://GitHub.COM:443/Acme/App/pull/007?w=1#top"))
                .extracting(PullRequestLink::url, PullRequestLink::host, PullRequestLink::number)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("https://github.com/Acme/App/pull/7", "github.com", 7L));
    }

    @Test
    void takesPlainHttpOnlyWhereConfiguredOnLoopback() {
        var local = new PullRequestDetector(GitHosts.of(
                GitHost.of("mirror", GitProvider.GITHUB, "http://127.0.0.1:8089"),
                GitHost.of("lab", GitProvider.GITLAB, "http://[::1]:8090")));
        assertThat(local.find("http://127.0.0.1:8089/a/b/pull/1 https://127.0.0.1:8089/a/b/pull/2 "
                + "http://[::1]:8090/g/p/-/merge_requests/3"))
                .extracting(PullRequestLink::url)
                .containsExactly("http://127.0.0.1:8089/a/b/pull/1", "http://[::1]:8090/g/p/-/merge_requests/3");
        assertThat(detector.find("http://github.com/a/b/pull/1")).isEmpty();
        org.assertj.core.api.Assertions.assertThatThrownBy(
                () -> GitHost.of("plain", GitProvider.GITHUB, "http://git.corp.example"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("loopback");
    }

    @Test
    void neverTakesCreateHintsOrOverlongOrZeroNumbers() {
        assertThat(detector.find("https://github.com/acme/app/pull/new/feature/x "
                + "https://gitlab.com/acme/app/-/merge_requests/new?merge_request%5Bsource_branch%5D=x "
                + "https://github.com/acme/app/pull/1234567890 https://github.com/acme/app/pull/0 "
                + "https://github.com/acme/app/pull/12abc https://github.com/acme/app/pull/12-x")).isEmpty();
    }

    @Test
    void takesTheTargetOfAHyperlinkWhoseTextIsNotTheUrl() {
        assertThat(detector.find("\u001b]8;id=1;https://gitlab.com/acme/app/-/merge_requests/3\u001b\\!3\u001b]8;;\u001b\\ Add login"))
                .extracting(PullRequestLink::url).containsExactly("https://gitlab.com/acme/app/-/merge_requests/3");
    }

    @Test
    void readsHostsFromTheirConfiguration() {
        GitHostsConfig config = new GitHostsConfig() {
            @Override
            public GitHub github() {
                return new GitHub() {
                    @Override
                    public String webUrl() {
                        return "https://ghe.corp.example/";
                    }

                    @Override
                    public String apiUrl() {
                        return "https://ghe.corp.example/api/v3";
                    }

                    @Override
                    public java.util.Optional<String> token() {
                        return java.util.Optional.empty();
                    }
                };
            }

            @Override
            public GitLab gitlab() {
                return new GitLab() {
                    @Override
                    public String webUrl() {
                        return "none";
                    }

                    @Override
                    public String apiUrl() {
                        return "https://gitlab.com/api/v4";
                    }

                    @Override
                    public java.util.Optional<String> token() {
                        return java.util.Optional.empty();
                    }
                };
            }

            @Override
            public java.util.Map<String, Host> hosts() {
                return java.util.Map.of("mirror", new Host() {
                    @Override
                    public String provider() {
                        return "gitlab";
                    }

                    @Override
                    public String webUrl() {
                        return "http://localhost:9000";
                    }

                    @Override
                    public java.util.Optional<String> apiUrl() {
                        return java.util.Optional.empty();
                    }

                    @Override
                    public java.util.Optional<String> token() {
                        return java.util.Optional.empty();
                    }
                });
            }
        };
        assertThat(GitHosts.from(config).all()).containsExactly(
                new GitHost("github", GitProvider.GITHUB, "https", "ghe.corp.example", ""),
                new GitHost("mirror", GitProvider.GITLAB, "http", "localhost:9000", ""));
    }
}
