package dev.podbench.session.git;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;

/**
 * Runs git on this machine (not in a pod) for the few things the service asks a remote before any pod
 * exists, such as probing a clone URL. Always an argv, never a shell; no prompts (a remote asking for a
 * password fails instead of hanging); bounded in time and output.
 *
 * <p>Processes run on a small pool of their own: waiting for a slow remote must not hold an event loop
 * nor starve the shared worker pool.
 */
@ApplicationScoped
public class GitCli {

    private static final int MAX_OUTPUT = 256 * 1024;

    private final ExecutorService pool = Executors.newCachedThreadPool(new GitThreads());

    public Uni<Result> run(List<String> args, Duration timeout) {
        return run(args, Map.of(), timeout);
    }

    /** Runs {@code git <args>} with extra environment variables (e.g. {@code GIT_ALLOW_PROTOCOL}). */
    public Uni<Result> run(List<String> args, Map<String, String> env, Duration timeout) {
        return Uni.createFrom().completionStage(() -> CompletableFuture.supplyAsync(() -> runBlocking(args, env, timeout), pool));
    }

    private Result runBlocking(List<String> args, Map<String, String> env, Duration timeout) {
        List<String> argv = new ArrayList<>(args.size() + 1);
        argv.add("git");
        argv.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(argv).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        builder.environment().put("GIT_TERMINAL_PROMPT", "0");
        builder.environment().put("GIT_ASKPASS", "/bin/false");
        builder.environment().put("SSH_ASKPASS", "/bin/false");
        // BatchMode: ssh fails instead of asking for a passphrase or a host key confirmation.
        builder.environment().put("GIT_SSH_COMMAND", "ssh -o BatchMode=yes -o ConnectTimeout=10");
        builder.environment().put("LC_ALL", "C");
        builder.environment().putAll(env);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new GitException("cannot run git: " + e.getMessage(), e);
        }
        CompletableFuture<Drained> stderr = CompletableFuture.supplyAsync(() -> drain(process.getErrorStream()), pool);
        Drained stdout = drain(process.getInputStream());
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                return new Result(-1, stdout.text, "timed out after " + timeout.toSeconds() + " s", true,
                        stdout.truncated);
            }
            return new Result(process.exitValue(), stdout.text,
                    stderr.get(timeout.toMillis(), TimeUnit.MILLISECONDS).text, false, stdout.truncated);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new GitException("interrupted", e);
        } catch (Exception e) {
            return new Result(process.exitValue(), stdout.text, "", false, stdout.truncated);
        }
    }

    private static Drained drain(InputStream in) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        boolean truncated = false;
        try (in) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                // Keep reading past the limit so the child never blocks on a full pipe.
                int room = MAX_OUTPUT - out.size();
                if (room > 0) {
                    out.write(buffer, 0, Math.min(n, room));
                }
                truncated |= n > room;
            }
        } catch (IOException ignored) {
            // The process went away; what we have is all there is.
        }
        return new Drained(out.toString(StandardCharsets.UTF_8), truncated);
    }

    private record Drained(String text, boolean truncated) {
    }

    @PreDestroy
    void shutdown() {
        pool.shutdownNow();
    }

    /**
     * The outcome of one git invocation; {@code stdoutTruncated}: git wrote more than the service keeps
     * ({@value #MAX_OUTPUT} bytes), the rest was read and dropped.
     */
    public record Result(int exitCode, String stdout, String stderr, boolean timedOut, boolean stdoutTruncated) {

        public boolean ok() {
            return exitCode == 0 && !timedOut;
        }

        /** The last line git wrote to stderr: usually the one that says what went wrong. */
        public String lastErrorLine() {
            String[] lines = stderr.strip().split("\n");
            return lines.length == 0 ? "" : lines[lines.length - 1].strip();
        }
    }

    private static final class GitThreads implements java.util.concurrent.ThreadFactory {
        private final AtomicInteger count = new AtomicInteger();

        @Override
        public Thread newThread(Runnable task) {
            Thread thread = new Thread(task, "git-cli-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        }
    }
}
