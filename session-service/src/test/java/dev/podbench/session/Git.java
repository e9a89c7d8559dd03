package dev.podbench.session;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Real git for tests, with an identity of its own (CI machines have none). */
public final class Git {

    private static final Map<String, String> IDENTITY = Map.of(
            "GIT_AUTHOR_NAME", "Podbench Test", "GIT_AUTHOR_EMAIL", "test@podbench.dev",
            "GIT_COMMITTER_NAME", "Podbench Test", "GIT_COMMITTER_EMAIL", "test@podbench.dev",
            "GIT_TERMINAL_PROMPT", "0", "LC_ALL", "C");

    private Git() {
    }

    /** Runs git in {@code dir}; fails the test on a non-zero exit. Returns stdout. */
    public static String run(Path dir, String... args) {
        Result r = tryRun(dir, args);
        if (r.exitCode != 0) {
            throw new IllegalStateException("git " + String.join(" ", args) + " failed (" + r.exitCode + "): " + r.output);
        }
        return r.output;
    }

    public static Result tryRun(Path dir, String... args) {
        List<String> argv = new ArrayList<>();
        argv.add("git");
        argv.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(argv).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().putAll(IDENTITY);
        try {
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("git " + argv + " timed out");
            }
            return new Result(p.exitValue(), out.strip());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public record Result(int exitCode, String output) {
    }

    /**
     * A bare origin with {@code main} (one commit) and {@code feature/existing} (one more commit, pushed), under a
     * new temporary directory. Returns the path of the bare repository.
     */
    public static Path origin() {
        try {
            Path dir = Files.createTempDirectory("podbench-origin-");
            Path bare = dir.resolve("origin.git");
            run(dir, "init", "--quiet", "--bare", "--initial-branch=main", bare.toString());
            Path work = dir.resolve("work");
            run(dir, "clone", "--quiet", bare.toString(), work.toString());
            run(work, "checkout", "--quiet", "-b", "main");
            Files.writeString(work.resolve("README.md"), "# origin\n");
            run(work, "add", "README.md");
            run(work, "commit", "--quiet", "-m", "initial commit");
            run(work, "push", "--quiet", "origin", "main");
            run(work, "checkout", "--quiet", "-b", "feature/existing");
            Files.writeString(work.resolve("feature.txt"), "existing feature\n");
            run(work, "add", "feature.txt");
            run(work, "commit", "--quiet", "-m", "existing feature");
            run(work, "push", "--quiet", "origin", "feature/existing");
            return bare;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The branches of a repository (short names). */
    public static List<String> branches(Path repository) {
        String out = run(repository, "for-each-ref", "--format=%(refname:short)", "refs/heads/");
        return out.isEmpty() ? List.of() : out.lines().toList();
    }

    public static String head(Path repository, String ref) {
        return run(repository, "rev-parse", ref);
    }
}
