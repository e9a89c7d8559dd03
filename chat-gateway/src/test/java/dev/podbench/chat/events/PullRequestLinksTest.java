package dev.podbench.chat.events;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import dev.podbench.events.pullrequest.GitProvider;

class PullRequestLinksTest {

    @Test
    void findsGithubAndGitlabLinksCanonically() {
        var links = PullRequestLinks.find("""
                Created https://github.com/acme/widgets/pull/7 and see https://github.com/acme/widgets/pull/7/files.
                MR: https://gitlab.example.com/group/sub/app/-/merge_requests/12, not https://github.com/acme/widgets/issues/3
                """);
        assertThat(links).extracting(PullRequestLinks.Link::url).containsExactly(
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
        assertThat(PullRequestLinks.find("pull/7 nothing here")).isEmpty();
        assertThat(PullRequestLinks.find(null)).isEmpty();
    }
}
