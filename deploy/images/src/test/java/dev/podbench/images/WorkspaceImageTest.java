package dev.podbench.images;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * The workspace image's Containerfile, read as text (no image builder runs here): the user, home and tools the
 * kubernetes runtime and the gateways rely on, and versions pinned.
 */
class WorkspaceImageTest {

    static final Path REPOSITORY = ServiceImageTest.REPOSITORY;
    static final String CONTAINERFILE = read(REPOSITORY.resolve("deploy/images/workspace.Containerfile"));

    @Test
    void runsAsTheUserTheRuntimeSetsWithItsHomeAmongTheWritablePaths() {
        String security = read(REPOSITORY.resolve(
                "libs/workspace/src/main/java/dev/podbench/workspace/kubernetes/RepositoryPodSecurity.java"));
        String user = group(security, "WORKSPACE_USER = (\\d+);");
        assertThat(lastInstruction("USER")).isEqualTo(user + ":" + user);
        assertThat(CONTAINERFILE).contains("useradd --uid " + user + " --gid " + user);

        String home = group(CONTAINERFILE, "ENV HOME=(\\S+)");
        assertThat(group(security, "DEFAULT_WRITABLE_PATHS = List\\.of\\(([^)]*)\\)")).contains('"' + home + '"');
        assertThat(CONTAINERFILE).contains("--home-dir " + home);
    }

    @Test
    void bringsWhatTheRuntimeAndTheGatewaysRunInAPod() {
        String packages = group(CONTAINERFILE, "apt-get install -y --no-install-recommends ([^\\\\\\n]+)");
        assertThat(List.of(packages.split("\\s+"))).contains("bash", "git", "gh", "tmux", "procps");
        // the idle command the runtime's pods run by default, and what it needs
        assertThat(lastInstruction("CMD")).isEqualTo("[\"sleep\", \"infinity\"]");
    }

    @Test
    void theAgentIsTheClaudeCodeVersionChatGatewaySpeaksAndTheBaseIsPinned() {
        String version = group(CONTAINERFILE, "ARG CLAUDE_CODE_VERSION=(\\S+)");
        assertThat(version).matches("\\d+\\.\\d+\\.\\d+");
        assertThat(CONTAINERFILE).contains("@anthropic-ai/claude-code@${CLAUDE_CODE_VERSION}");
        assertThat(read(REPOSITORY.resolve("chat-gateway/README.md")))
                .contains("`@anthropic-ai/claude-code@" + version + "`");
        assertThat(lastInstruction("FROM")).matches(".+:\\d+\\.\\d+\\.\\d+-.+");
    }

    private static String lastInstruction(String instruction) {
        Matcher m = Pattern.compile("(?m)^" + instruction + " (.+)$").matcher(CONTAINERFILE);
        String last = null;
        while (m.find()) {
            last = m.group(1).strip();
        }
        assertThat(last).as(instruction).isNotNull();
        return last;
    }

    private static String group(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertThat(m.find()).as(regex).isTrue();
        return m.group(1);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
