package dev.podbench.session.git;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import dev.podbench.workspace.Command;
import dev.podbench.workspace.CommandTimeoutException;
import dev.podbench.workspace.git.GitEnvironment;
import dev.podbench.workspace.local.LocalCommands;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * Runs git on this machine (not in a pod) for the few things the service asks a remote before any pod
 * exists, such as probing a clone URL. It goes through the workspace library's {@link LocalCommands} (argv, never a
 * shell; bounded output; a timeout kills the process tree) with {@link GitEnvironment}'s hardening: no prompts, so a
 * remote asking for a password fails instead of hanging.
 */
@ApplicationScoped
public class GitCli {

    private static final int MAX_OUTPUT = 256 * 1024;

    /** Process starts are short: Quarkus' worker pool serves them, the exits come from the JDK's reaper. */
    private final LocalCommands commands = new LocalCommands(Infrastructure.getDefaultWorkerPool());

    public Uni<Result> run(List<String> args, Duration timeout) {
        return run(args, Map.of(), timeout);
    }

    /** Runs {@code git <args>}; {@code env} adds to (or overrides) the hardened environment, e.g. {@code GIT_ALLOW_PROTOCOL}. */
    public Uni<Result> run(List<String> args, Map<String, String> env, Duration timeout) {
        List<String> argv = new ArrayList<>(args.size() + 1);
        argv.add("git");
        argv.addAll(args);
        Map<String, String> vars = new HashMap<>(GitEnvironment.hardened(GitEnvironment.REMOTE_PROTOCOLS));
        vars.putAll(env);
        return commands.run(new Command(argv, null, vars, null, timeout, MAX_OUTPUT))
                .map(r -> new Result(r.exitCode(), r.stdout(), r.stderr(), false, r.truncated()))
                .onFailure(CommandTimeoutException.class).recoverWithItem(e -> {
                    CommandTimeoutException timedOut = (CommandTimeoutException) e;
                    return new Result(-1, timedOut.partialResult().stdout(),
                            "timed out after " + timeout.toSeconds() + " s", true, timedOut.partialResult().truncated());
                })
                .onFailure(e -> !(e instanceof GitException))
                .transform(e -> new GitException("cannot run git: " + e.getMessage(), e));
    }

    @PreDestroy
    void shutdown() {
        commands.close();
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
}
