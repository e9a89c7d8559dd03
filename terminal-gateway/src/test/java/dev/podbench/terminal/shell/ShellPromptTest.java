package dev.podbench.terminal.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The short prompt on a real interactive bash: repository and branch, over a PS1 from the user's rc file. */
class ShellPromptTest {

    @TempDir
    Path dir;

    @Test
    void repositoryAndBranchReplaceTheLongPromptWithoutRunningTheName() throws Exception {
        run(dir, "git", "init", "-q", "-b", "feature/short-prompt");
        Path rc = dir.resolve("user-bashrc");
        Files.writeString(rc, "PS1='\\u@\\h:\\w (a long prompt) \\$ '\n");
        Path marker = dir.resolve("injected");
        String name = "demo$(touch " + marker + ")";

        String prompts = interactiveBash(rc, name, "cd " + dir + "\ntrue\nPS1='mine> '\ntrue\nexit\n");

        // $ for a user, # for root
        assertThat(prompts).containsPattern(Pattern.quote("\u001b[1;36m" + name + "\u001b[0m \u001b[35mfeature/short-prompt\u001b[0m ") + "[$#] ");
        assertThat(prompts).doesNotContain("a long prompt");
        assertThat(marker).doesNotExist();
        // set once: a prompt the user sets afterwards stays
        assertThat(prompts).contains("mine> true");
    }

    /** bash -i without a terminal writes its prompts to stderr; returns them. */
    private String interactiveBash(Path rc, String repositoryName, String input) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(List.of("bash", "--rcfile", rc.toString(), "-i")).directory(dir.toFile());
        builder.environment().putAll(ShellPrompt.environment(repositoryName));
        builder.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        Process bash = builder.start();
        bash.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
        bash.getOutputStream().close();
        String stderr = new String(bash.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(bash.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return stderr;
    }

    private static void run(Path dir, String... argv) throws Exception {
        Process process = new ProcessBuilder(argv).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0).as(out).isTrue();
    }
}
