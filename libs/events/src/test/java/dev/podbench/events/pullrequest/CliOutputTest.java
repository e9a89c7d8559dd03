package dev.podbench.events.pullrequest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What {@code gh pr create}, {@code glab mr create} and {@code git push} print (as they print it, plain, coloured
 * and with OSC-8 hyperlinks), fed to a scanner whole, split at every byte position, and one byte at a time.
 */
class CliOutputTest {

    private static final String ESC = "\u001b";
    private static final String BEL = "\u0007";
    private static final String ST = ESC + "\\";

    private static final GitHosts HOSTS = GitHosts.of(
            GitHost.of("github", GitProvider.GITHUB, "https://github.com"),
            GitHost.of("gitlab", GitProvider.GITLAB, "https://gitlab.com"),
            GitHost.of("ghe", GitProvider.GITHUB, "https://ghe.corp.example"),
            GitHost.of("lab", GitProvider.GITLAB, "https://gitlab.corp.example"),
            GitHost.of("mirror", GitProvider.GITHUB, "http://127.0.0.1:8089"));

    static Stream<Arguments> outputs() {
        return Stream.of(
                Arguments.of("gh pr create, not a terminal", """

                        Creating pull request for feature/login into main in acme/app

                        https://github.com/acme/app/pull/42
                        """, List.of("https://github.com/acme/app/pull/42")),
                Arguments.of("gh pr create, coloured", "\r\nCreating pull request for " + ESC + "[0;36mfeature/login"
                        + ESC + "[0m into " + ESC + "[0;36mmain" + ESC + "[0m in acme/app\r\n\r\n"
                        + "https://github.com/acme/app/pull/42\r\n", List.of("https://github.com/acme/app/pull/42")),
                Arguments.of("gh pr create, hyperlinked (OSC 8 with ST)", "\r\n" + ESC + "]8;;https://github.com/acme/app/pull/42"
                        + ST + "https://github.com/acme/app/pull/42" + ESC + "]8;;" + ST + "\r\n",
                        List.of("https://github.com/acme/app/pull/42")),
                Arguments.of("gh pr create on GitHub Enterprise", """
                        Warning: 1 uncommitted change

                        Creating pull request for fix-7 into main in platform/api

                        https://ghe.corp.example/platform/api/pull/7
                        """, List.of("https://ghe.corp.example/platform/api/pull/7")),
                Arguments.of("gh pr create against a loopback mirror", "http://127.0.0.1:8089/acme/app/pull/5\n",
                        List.of("http://127.0.0.1:8089/acme/app/pull/5")),
                Arguments.of("git push of a new branch to GitHub", """
                        Enumerating objects: 5, done.
                        Counting objects: 100% (5/5), done.
                        Writing objects: 100% (3/3), 310 bytes | 310.00 KiB/s, done.
                        Total 3 (delta 2), reused 0 (delta 0), pack-reused 0
                        remote: Resolving deltas: 100% (2/2), completed with 2 local objects.
                        remote:
                        remote: Create a pull request for 'feature/login' on GitHub by visiting:
                        remote:      https://github.com/acme/app/pull/new/feature/login
                        remote:
                        To github.com:acme/app.git
                         * [new branch]      feature/login -> feature/login
                        """, List.of()),
                Arguments.of("git push of a new branch to GitLab", """
                        remote:
                        remote: To create a merge request for feature/login, visit:
                        remote:   https://gitlab.com/acme/app/-/merge_requests/new?merge_request%5Bsource_branch%5D=feature%2Flogin
                        remote:
                        To gitlab.com:acme/app.git
                         * [new branch]      feature/login -> feature/login
                        """, List.of()),
                Arguments.of("git push to GitLab with a merge request open", """
                        remote:
                        remote: View merge request for feature/login:
                        remote:   https://gitlab.com/acme/app/-/merge_requests/3
                        remote:
                        To gitlab.com:acme/app.git
                           1a2b3c4..5d6e7f8  feature/login -> feature/login
                        """, List.of("https://gitlab.com/acme/app/-/merge_requests/3")),
                Arguments.of("glab mr create, nested groups, self-managed", """

                        Creating merge request for feature/login into main in acme/platform/app

                        !3 Add login (feature/login)
                         https://gitlab.corp.example/acme/platform/app/-/merge_requests/3

                        """, List.of("https://gitlab.corp.example/acme/platform/app/-/merge_requests/3")),
                Arguments.of("glab mr create, coloured and hyperlinked (OSC 8 with BEL)", "\r\nCreating merge request for "
                        + ESC + "[0;36mfeature/login" + ESC + "[0m into " + ESC + "[0;36mmain" + ESC + "[0m in acme/app\r\n\r\n"
                        + ESC + "[0;32m" + ESC + "]8;;https://gitlab.com/acme/app/-/merge_requests/3" + BEL + "!3" + ESC + "]8;;"
                        + BEL + ESC + "[0m Add login (feature/login)\r\n " + ESC + "[4mhttps://gitlab.com/acme/app/-/merge_requests/3"
                        + ESC + "[24m\r\n\r\n", List.of("https://gitlab.com/acme/app/-/merge_requests/3")),
                Arguments.of("a link printed twice in one stream is reported once", """
                        https://github.com/acme/app/pull/42
                        https://github.com/acme/app/pull/42/checks
                        https://github.com/acme/app/pull/43 (and non-ASCII text: ČSN ě ›)
                        """, List.of("https://github.com/acme/app/pull/42", "https://github.com/acme/app/pull/43")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("outputs")
    void foundWhole(String name, String output, List<String> expected) {
        assertThat(urls(scanner().scan(output.getBytes(StandardCharsets.UTF_8)))).containsExactlyElementsOf(expected);
        assertThat(urls(scanner().scan(output))).containsExactlyElementsOf(expected);
        assertThat(urls(scanner().scanMessage(output))).containsExactlyElementsOf(expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("outputs")
    void foundSplitAtEveryBytePosition(String name, String output, List<String> expected) {
        byte[] bytes = output.getBytes(StandardCharsets.UTF_8);
        for (int split = 0; split <= bytes.length; split++) {
            PullRequestScanner scanner = scanner();
            List<PullRequestLink> found = new ArrayList<>(scanner.scan(Arrays.copyOfRange(bytes, 0, split)));
            found.addAll(scanner.scan(bytes, split, bytes.length - split));
            assertThat(urls(found)).as("split at byte %d", split).containsExactlyElementsOf(expected);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("outputs")
    void foundOneByteAtATime(String name, String output, List<String> expected) {
        byte[] bytes = output.getBytes(StandardCharsets.UTF_8);
        PullRequestScanner scanner = scanner();
        List<PullRequestLink> found = new ArrayList<>();
        for (int i = 0; i < bytes.length; i++) {
            found.addAll(scanner.scan(bytes, i, 1));
        }
        assertThat(urls(found)).containsExactlyElementsOf(expected);
    }

    private static PullRequestScanner scanner() {
        return new PullRequestDetector(HOSTS).scanner(512);
    }

    private static List<String> urls(List<PullRequestLink> links) {
        return links.stream().map(PullRequestLink::url).toList();
    }
}
