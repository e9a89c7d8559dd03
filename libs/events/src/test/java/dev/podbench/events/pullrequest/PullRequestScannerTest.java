package dev.podbench.events.pullrequest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class PullRequestScannerTest {

    /** The hosts these tests know: GitHub and GitLab, an Enterprise server on a port, a self-managed GitLab. */
    static final GitHosts HOSTS = GitHosts.of(
            GitHost.of("github", GitProvider.GITHUB, "https://github.com"),
            GitHost.of("gitlab", GitProvider.GITLAB, "https://gitlab.com"),
            GitHost.of("corp", GitProvider.GITHUB, "https://git.corp.example:8443/"),
            GitHost.of("gitlab-example", GitProvider.GITLAB, "https://gitlab.example.com"));

    private final PullRequestScanner scanner = new PullRequestDetector(HOSTS).scanner(512);

    private List<PullRequestLink> feed(String... frames) {
        List<PullRequestLink> found = new ArrayList<>();
        for (String frame : frames) {
            found.addAll(scanner.scan(frame.getBytes(StandardCharsets.UTF_8)));
        }
        return found;
    }

    @Test
    void findsGitHubPullRequests() {
        assertThat(feed("remote: Create a pull request: https://github.com/acme/app/pull/42 \r\n"))
                .containsExactly(new PullRequestLink("https://github.com/acme/app/pull/42", GitProvider.GITHUB,
                        "github.com", "acme", "app", 42));
    }

    @Test
    void findsGitHubEnterpriseHostsWithPorts() {
        assertThat(feed("see https://git.corp.example:8443/team-x/svc.api/pull/7/files\n"))
                .extracting(PullRequestLink::url, PullRequestLink::host, PullRequestLink::number)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(
                        "https://git.corp.example:8443/team-x/svc.api/pull/7", "git.corp.example:8443", 7L));
    }

    @Test
    void findsGitLabMergeRequestsInNestedGroups() {
        assertThat(feed("View it on GitLab: https://gitlab.example.com/group/sub/proj/-/merge_requests/15\n"))
                .containsExactly(new PullRequestLink("https://gitlab.example.com/group/sub/proj/-/merge_requests/15",
                        GitProvider.GITLAB, "gitlab.example.com", "group/sub", "proj", 15));
    }

    @Test
    void stripsEscapeSequencesAroundAndInsideTheUrl() {
        assertThat(feed("\u001b[1;32mhttps://github.com/\u001b[0macme/app/pull/\u001b[4m9\u001b[0m\n"))
                .extracting(PullRequestLink::url).containsExactly("https://github.com/acme/app/pull/9");
        assertThat(feed("\u001b]8;;https://ignored.example/x\u0007link\u001b]8;;\u0007 https://github.com/a/b/pull/3 "))
                .extracting(PullRequestLink::url).containsExactly("https://github.com/a/b/pull/3");
    }

    @Test
    void findsUrlsSplitAcrossFramesAndEscapeSequencesSplitToo() {
        assertThat(feed("output... http", "s://github.com/acme/a", "pp/pull/4", "2\u001b", "[0m done\n"))
                .extracting(PullRequestLink::url).containsExactly("https://github.com/acme/app/pull/42");
        assertThat(feed("https://gitlab.com/g/p/-/merge_requests/", "8\n"))
                .extracting(PullRequestLink::url).containsExactly("https://gitlab.com/g/p/-/merge_requests/8");
    }

    @Test
    void doesNotReportAnIncompleteNumberEarly() {
        assertThat(feed("https://github.com/acme/app/pull/4")).isEmpty();
        assertThat(feed("2 ")).extracting(PullRequestLink::number).containsExactly(42L);
    }

    @Test
    void ignoresLookAlikes() {
        assertThat(feed("https://github.com/acme/app/pulls https://github.com/acme/app/issues/4 "
                + "https://bitbucket.org/a/b/pull-requests/3 https://github.com/acme/pull/5 ")).isEmpty();
    }

    @Test
    void keepsOnlyABoundedTail() {
        StringBuilder flood = new StringBuilder();
        for (int i = 0; i < 10_000; i++) {
            flood.append('y');
        }
        assertThat(feed(flood.toString(), flood.toString(), "https://github.com/a/b/pull/1\n"))
                .extracting(PullRequestLink::number).containsExactly(1L);
    }
}
