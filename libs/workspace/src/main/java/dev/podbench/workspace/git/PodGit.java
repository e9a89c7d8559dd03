package dev.podbench.workspace.git;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.jboss.logging.Logger;

import dev.podbench.workspace.Command;
import dev.podbench.workspace.CommandResult;
import dev.podbench.workspace.PodRef;
import dev.podbench.workspace.WorkspaceRuntime;
import io.smallrye.mutiny.Uni;

/**
 * git in a pod, through {@link WorkspaceRuntime#run}: an argv with the {@link GitEnvironment#hardened} variables
 * ({@code status} without optional locks), optionally failing on a non-zero exit, optionally retried while a git
 * lock is held by someone else (a user's git in a terminal).
 */
final class PodGit {

    private static final Logger LOG = Logger.getLogger(PodGit.class);

    private final WorkspaceRuntime runtime;
    private final Map<String, String> env;

    PodGit(WorkspaceRuntime runtime, String allowedProtocols) {
        this.runtime = runtime;
        this.env = GitEnvironment.hardened(allowedProtocols);
    }

    static List<String> argv(String... args) {
        List<String> argv = new ArrayList<>(args.length + 1);
        argv.add("git");
        argv.addAll(Arrays.asList(args));
        return argv;
    }

    Uni<CommandResult> git(PodRef pod, String cwd, Duration timeout, String... args) {
        return git(pod, cwd, timeout, 1 << 20, args);
    }

    Uni<CommandResult> git(PodRef pod, String cwd, Duration timeout, int maxOutput, String... args) {
        Map<String, String> vars = env;
        if (args.length > 0 && args[0].equals("status")) {
            vars = new HashMap<>(env);
            vars.put("GIT_OPTIONAL_LOCKS", "0");
        }
        Command command = new Command(argv(args), cwd, vars, null, timeout, maxOutput);
        return Uni.createFrom().deferred(() -> {
            long started = System.nanoTime();
            return runtime.run(pod, command).invoke(result -> {
                if (LOG.isDebugEnabled()) {
                    LOG.debugf("git %s in pod %s: exit %d after %d ms", args[0], pod.name(), result.exitCode(),
                            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
                }
            });
        });
    }

    Uni<CommandResult> gitOk(PodRef pod, String cwd, Duration timeout, String... args) {
        return git(pod, cwd, timeout, args).map(result -> {
            if (!result.succeeded()) {
                throw new GitCommandException(argv(args), result.exitCode(), result.stderr());
            }
            return result;
        });
    }

    /** Runs a mutating command, retrying while a git lock file is held by someone else (a user's git). */
    Uni<CommandResult> gitRetrying(PodRef pod, String cwd, Duration timeout, String... args) {
        return git(pod, cwd, timeout, args)
                .map(result -> {
                    if (!result.succeeded() && isLockContention(result.stderr())) {
                        throw new LockBusy(result);
                    }
                    return result;
                })
                .onFailure(LockBusy.class).invoke(e -> LOG.debugf("git lock busy in %s, retrying", cwd))
                .onFailure(LockBusy.class).retry().withBackOff(Duration.ofMillis(100), Duration.ofSeconds(1))
                .atMost(5)
                .onFailure(LockBusy.class).recoverWithItem(e -> ((LockBusy) e).result);
    }

    Uni<CommandResult> gitRetryingOk(PodRef pod, String cwd, Duration timeout, String... args) {
        return gitRetrying(pod, cwd, timeout, args).map(result -> {
            if (!result.succeeded()) {
                throw new GitCommandException(argv(args), result.exitCode(), result.stderr());
            }
            return result;
        });
    }

    static boolean isLockContention(String stderr) {
        return stderr.contains(".lock': File exists") || stderr.contains("cannot lock ref")
                || stderr.contains("could not lock config file");
    }

    private static final class LockBusy extends RuntimeException {
        final transient CommandResult result;

        LockBusy(CommandResult result) {
            super("git lock busy", null, false, false);
            this.result = result;
        }
    }
    /** The sha each full ref points to; refs that do not exist (and null refs) are absent. One git call. */
    Uni<Map<String, String>> resolveAll(PodRef pod, Duration timeout, String... refs) {
        List<String> args = new ArrayList<>(List.of("for-each-ref", "--format=%(objectname) %(refname)", "--"));
        for (String ref : refs) {
            if (ref != null) {
                args.add(ref);
            }
        }
        Set<String> wanted = Set.copyOf(args.subList(3, args.size()));
        // a pattern also matches refs below it (refs/heads/a matches refs/heads/a/b): keep exact names only
        return gitOk(pod, pod.repositoryPath(), timeout, args.toArray(String[]::new)).map(r -> {
            Map<String, String> found = new HashMap<>();
            r.stdout().lines().forEach(line -> {
                int space = line.indexOf(' ');
                if (space > 0 && wanted.contains(line.substring(space + 1))) {
                    found.put(line.substring(space + 1), line.substring(0, space));
                }
            });
            return found;
        });
    }

    /** The sha a full ref points to, if it exists. */
    Uni<Optional<String>> resolve(PodRef pod, Duration timeout, String ref) {
        return resolveAll(pod, timeout, ref).map(found -> Optional.ofNullable(found.get(ref)));
    }
}
