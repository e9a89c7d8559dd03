package dev.podbench.workspace;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code origin}: a bare repository with {@code main} (two commits) and {@code feature/x} (one more, pushed),
 * plus a normal clone ({@code author}) tests use to push further commits. Test-side git runs synchronously.
 */
public final class GitFixture {

    public static final Map<String, String> IDENTITY = Map.of(
            "GIT_AUTHOR_NAME", "Test", "GIT_AUTHOR_EMAIL", "test@example.invalid",
            "GIT_COMMITTER_NAME", "Test", "GIT_COMMITTER_EMAIL", "test@example.invalid",
            "GIT_CONFIG_NOSYSTEM", "1");

    public final Path origin;
    public final Path author;

    private static GitFixture template;

    private GitFixture(Path origin, Path author) {
        this.origin = origin;
        this.author = author;
    }

    /** A fresh copy of the fixture under {@code dir} (built once per JVM, then copied: tests may push to it). */
    public static synchronized GitFixture create(Path dir) throws IOException {
        if (template == null) {
            Path templateDir = Files.createTempDirectory("podbench-git-fixture");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteQuietly(templateDir)));
            template = new GitFixture(templateDir);
        }
        Files.createDirectories(dir);
        copyTree(template.origin, dir.resolve("origin.git"));
        copyTree(template.author, dir.resolve("author"));
        GitFixture copy = new GitFixture(dir.resolve("origin.git"), dir.resolve("author"));
        git(copy.author, "remote", "set-url", "origin", copy.origin.toString());
        return copy;
    }

    private static void deleteQuietly(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (var paths = Files.walk(from)) {
            for (Path source : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target);
                }
            }
        }
    }

    private GitFixture(Path dir) throws IOException {
        this.origin = dir.resolve("origin.git");
        this.author = dir.resolve("author");
        Files.createDirectories(dir);
        git(dir, "init", "-q", "--bare", "-b", "main", origin.toString());
        git(dir, "clone", "-q", origin.toString(), author.toString());
        git(author, "symbolic-ref", "HEAD", "refs/heads/main");
        write(author.resolve("README.md"), "hello\n");
        git(author, "add", "README.md");
        git(author, "commit", "-q", "-m", "initial");
        write(author.resolve("main.txt"), "main\n");
        git(author, "add", "main.txt");
        git(author, "commit", "-q", "-m", "second on main");
        git(author, "push", "-q", "origin", "main");
        git(author, "checkout", "-q", "-b", "feature/x");
        write(author.resolve("feature.txt"), "feature\n");
        git(author, "add", "feature.txt");
        git(author, "commit", "-q", "-m", "feature work");
        git(author, "push", "-q", "origin", "feature/x");
        git(author, "checkout", "-q", "main");
    }

    public String url() {
        return origin.toUri().toString();
    }

    /** Commits a new file on {@code branch} in the author clone and pushes it; returns the new sha. */
    public String pushCommit(String branch, String file, String subject) throws IOException {
        git(author, "checkout", "-q", branch);
        write(author.resolve(file), subject + "\n");
        git(author, "add", file);
        git(author, "commit", "-q", "-m", subject);
        git(author, "push", "-q", "origin", branch);
        String sha = git(author, "rev-parse", "HEAD").strip();
        git(author, "checkout", "-q", "main");
        return sha;
    }

    public String originSha(String branch) throws IOException {
        return git(origin, "rev-parse", "refs/heads/" + branch).strip();
    }

    public static void write(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, content, StandardCharsets.UTF_8);
    }

    /** Runs git, fails on a non-zero exit, returns stdout. */
    public static String git(Path cwd, String... args) throws IOException {
        Result r = tryGit(cwd, args);
        if (r.exitCode != 0) {
            throw new IOException("git " + String.join(" ", args) + " failed (" + r.exitCode + "): " + r.stderr);
        }
        return r.stdout;
    }

    public record Result(int exitCode, String stdout, String stderr) {
    }

    public static Result tryGit(Path cwd, String... args) throws IOException {
        List<String> argv = new ArrayList<>();
        argv.add("git");
        argv.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(argv).directory(cwd.toFile());
        pb.environment().putAll(IDENTITY);
        Path err = Files.createTempFile("git-err", ".txt");
        pb.redirectError(err.toFile());
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("git " + String.join(" ", args) + " timed out");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        String stderr = Files.readString(err);
        Files.deleteIfExists(err);
        return new Result(p.exitValue(), out, stderr);
    }
}
