package dev.podbench.workspace.kubernetes;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import org.jboss.logging.Logger;

import dev.podbench.workspace.CommandResult;
import dev.podbench.workspace.RepositorySpec;
import dev.podbench.workspace.internal.BareClone;
import io.fabric8.kubernetes.api.model.Pod;

/**
 * The repository's bare clone inside a pod, with the same layout as on the {@code local} runtime (no local branches,
 * {@code origin/HEAD}, {@code push.autoSetupRemote}, marker {@value #READY_MARKER}), so {@code Worktrees} works
 * unchanged. It is built in a staging directory and moved into place when complete; a clone interrupted half-way
 * (no marker) is removed and redone. {@code git clone --bare} is not used: it would create local branches.
 */
final class InPodClone {

    static final String READY_MARKER = "podbench-ready";
    private static final Logger LOG = Logger.getLogger(InPodClone.class);
    private static final Pattern USER_INFO = Pattern.compile("://[^/@]*@");

    private final KubernetesRuntimeConfig config;
    private final PodExec exec;
    private final String workspaceRoot;
    /** Pods (by uid) known to hold a complete clone. */
    private final Set<String> prepared = ConcurrentHashMap.newKeySet();

    InPodClone(KubernetesRuntimeConfig config, PodExec exec, String workspaceRoot) {
        this.config = config;
        this.exec = exec;
        this.workspaceRoot = workspaceRoot;
    }

    /** Clones the repository into the pod unless a complete clone is there. Blocking. */
    void ensure(RepositorySpec spec, Pod pod) {
        String name = pod.getMetadata().getName();
        String uid = pod.getMetadata().getUid();
        if (uid != null && prepared.contains(uid)) {
            return;
        }
        String repo = config.repositoryPath();
        String staging = repo + ".staging";
        if (run(name, "test", "-f", repo + "/" + READY_MARKER).succeeded()) {
            remember(uid);
            return;
        }
        LOG.infof("pod %s: cloning %s", name, redact(spec.cloneUrl()));
        String tmp = staging + "/" + UUID.randomUUID();
        // a partial clone (no marker) or a staging leftover of an interrupted clone: start over
        check(name, run(name, "rm", "-rf", "--", repo, staging), "rm");
        check(name, run(name, "mkdir", "-p", "--", config.worktreesPath(), staging), "mkdir");
        BareClone clone = new BareClone((cwd, timeout, args) -> git(name, cwd, timeout, args), config.commandTimeout());
        clone.require(workspaceRoot, config.commandTimeout(), "init", "--quiet", "--bare", "--", tmp);
        // the URL may carry credentials: it goes through the environment (stdin), not the exec URL
        check(name, exec.runHere(name, tmp, config.commandTimeout(), Map.of("PODBENCH_CLONE_URL", spec.cloneUrl()),
                "sh", "-c", "exec git config -- remote.origin.url \"$PODBENCH_CLONE_URL\""), "git config");
        clone.configureAndFetch(tmp, spec.id(), spec.defaultBranch(), config.cloneTimeout());
        check(name, run(name, "touch", "--", tmp + "/" + READY_MARKER), "touch");
        check(name, run(name, "mv", "--", tmp, repo), "mv");
        run(name, "rm", "-rf", "--", staging);
        remember(uid);
        LOG.infof("pod %s: repository %s ready at %s", name, spec.id(), repo);
    }

    /** The pod is going: a new pod of the same name must be checked again. */
    void forget(String uid) {
        if (uid != null) {
            prepared.remove(uid);
        }
    }

    private void remember(String uid) {
        if (uid != null) {
            prepared.add(uid);
        }
    }

    private CommandResult run(String pod, String... argv) {
        return exec.runHere(pod, workspaceRoot, config.commandTimeout(), Map.of(), argv);
    }

    private CommandResult git(String pod, String cwd, Duration timeout, String... args) {
        List<String> argv = new ArrayList<>(args.length + 1);
        argv.add("git");
        argv.addAll(List.of(args));
        return exec.runHere(pod, cwd, timeout, Map.of(), argv.toArray(String[]::new));
    }

    private static void check(String pod, CommandResult result, String what) {
        if (!result.succeeded()) {
            throw new KubernetesPodException(pod, "'" + what + "' failed with exit code " + result.exitCode() + ": "
                    + result.stderr().strip(), null);
        }
    }

    static String redact(String url) {
        return USER_INFO.matcher(url).replaceFirst("://***@");
    }
}
