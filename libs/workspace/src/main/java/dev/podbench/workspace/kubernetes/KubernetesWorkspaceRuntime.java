package dev.podbench.workspace.kubernetes;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.regex.Pattern;

import dev.podbench.workspace.AsyncKeyedLock;
import dev.podbench.workspace.Command;
import dev.podbench.workspace.CommandResult;
import dev.podbench.workspace.PodRef;
import dev.podbench.workspace.ProcessStream;
import dev.podbench.workspace.RepositorySpec;
import dev.podbench.workspace.WorkspaceRuntime;
import dev.podbench.workspace.git.GitEnvironment;
import dev.podbench.workspace.internal.RepositoryIds;
import dev.podbench.workspace.internal.RuntimeThreads;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.smallrye.mutiny.Uni;

/**
 * The {@code kubernetes} runtime: one long-lived pod per repository (up to
 * {@link KubernetesRuntimeConfig#maxPodsPerRepository()} when sessions exceed
 * {@link KubernetesRuntimeConfig#maxSessionsPerPod()} per pod), commands through the exec API.
 *
 * <pre>
 * pod pb-&lt;repository&gt;-&lt;n&gt;   labels app.kubernetes.io/managed-by=podbench, podbench.dev/repository=&lt;id&gt;,
 *                              podbench.dev/pod-index=&lt;n&gt;; annotation podbench.dev/repository-id=&lt;id&gt;
 *   container (idle command, e.g. sleep infinity), emptyDir at the workspace root:
 *     /workspace/repo.git         bare clone, remote.origin.fetch=+refs/heads/*:refs/remotes/origin/*
 *     /workspace/repo.git.staging clones in progress (renamed into place when complete)
 *     /workspace/worktrees/&lt;s&gt;   one worktree per session
 * </pre>
 *
 * <p>The clone has the same layout as on the {@code local} runtime (no local branches, {@code origin/HEAD},
 * {@code push.autoSetupRemote}, marker {@code repo.git/podbench-ready}), so {@code Worktrees} works unchanged. A clone
 * interrupted half-way (no marker) is removed and redone by the next {@code ensurePod}.
 *
 * <p>Placement ({@link #ensurePod(RepositorySpec, Map)}): the least-loaded pod with fewer than M sessions; else a
 * new pod (the lowest free index) while fewer than N exist; else {@link CapacityReachedException}. Concurrent calls
 * for a repository are serialized in this JVM, and a pod another process created at the same moment (409
 * AlreadyExists) is simply used. The lock is given: runtimes sharing one serialize their placements.
 *
 * <p>This class coordinates; the jobs are the {@link PodPlacement} decision, the {@link PodManifest}, the
 * {@link RepositoryPods} on the API server (create, readiness, delete), the {@link InPodClone} and {@link PodExec}
 * (commands: argv only, run by a constant {@code sh} wrapper that sets the working directory and the environment).
 * Threads: blocking API calls and exec set-up run on the given executor (default: an owned bounded daemon pool);
 * {@code run} drains stdout/stderr on two short-lived threads; a started stream has one reader thread per subscribed
 * output and a writer thread that exits when idle. The {@link KubernetesClient} belongs to the caller:
 * {@link #close()} does not close it.
 */
public final class KubernetesWorkspaceRuntime implements WorkspaceRuntime {

    public static final String KIND = "kubernetes";
    private static final Pattern POD_NAME = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");

    private final KubernetesRuntimeConfig config;
    private final AsyncKeyedLock podLocks;
    private final RuntimeThreads threads;
    private final PodPlacement placement;
    private final RepositoryPods pods;
    private final PodExec exec;
    private final InPodClone clone;

    /** A runtime with its own placement lock and blocking pool. */
    public KubernetesWorkspaceRuntime(KubernetesClient client, KubernetesRuntimeConfig config) {
        this(client, config, null, new AsyncKeyedLock());
    }

    /**
     * @param client    the fabric8 client (kubeconfig or in-cluster config; owned by the caller)
     * @param executor  where blocking API calls run; {@code null} for an owned bounded pool (shut down by {@link #close})
     * @param podLocks  serializes placement per repository; share one between the runtimes of a JVM
     */
    public KubernetesWorkspaceRuntime(KubernetesClient client, KubernetesRuntimeConfig config, Executor executor,
            AsyncKeyedLock podLocks) {
        this.config = config;
        this.podLocks = podLocks;
        this.threads = new RuntimeThreads("k8s-workspace", executor);
        String workspaceRoot = commonParent(config.repositoryPath(), config.worktreesPath());
        this.placement = new PodPlacement(config.maxPodsPerRepository(), config.maxSessionsPerPod());
        this.pods = new RepositoryPods(client, config, new PodManifest(config, workspaceRoot));
        this.exec = new PodExec(client, config, threads, workspaceRoot);
        this.clone = new InPodClone(config, exec, workspaceRoot);
    }

    @Override
    public String kind() {
        return KIND;
    }

    public KubernetesRuntimeConfig config() {
        return config;
    }

    // ------------------------------------------------------------------------------------------------ pods

    @Override
    public Uni<PodRef> ensurePod(RepositorySpec repository) {
        return ensurePod(repository, Map.of());
    }

    @Override
    public Uni<PodRef> ensurePod(RepositorySpec repository, Map<String, Integer> activeSessionsByPod) {
        return Uni.createFrom().deferred(() -> {
            String id = RepositoryIds.require(repository.id());
            GitEnvironment.requireSafeArgument(repository.cloneUrl(), "cloneUrl");
            Map<String, Integer> load = activeSessionsByPod == null ? Map.of() : Map.copyOf(activeSessionsByPod);
            return podLocks.withLock(config.namespace() + "/" + id,
                    () -> threads.blocking(() -> ensureBlocking(repository, load)));
        });
    }

    private PodRef ensureBlocking(RepositorySpec spec, Map<String, Integer> load) {
        String id = spec.id();
        PodPlacement.Decision decision = placement.place(id, pods.list(id), load);
        decision.ended().forEach(pods::deleteEnded);
        if (decision.full()) {
            throw placement.full(id);
        }
        String name = decision.existing();
        if (name == null) {
            name = PodNames.podName(id, decision.newIndex());
            pods.create(spec, name, decision.newIndex());
        }
        clone.ensure(spec, pods.awaitReady(name));
        return podRef(name, id);
    }

    @Override
    public Uni<List<PodRef>> listPods(String repositoryId) {
        return Uni.createFrom().deferred(() -> {
            String id = RepositoryIds.require(repositoryId);
            return threads.blocking(() -> pods.list(id).stream()
                    .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
                    .map(p -> podRef(p.getMetadata().getName(), id))
                    .toList());
        });
    }

    @Override
    public Uni<Void> deletePod(PodRef pod) {
        return Uni.createFrom().deferred(() -> {
            String name = requirePodName(pod.name());
            return threads.blocking(() -> {
                Pod existing = pods.managed(name);
                if (existing != null) {
                    exec.killStreamsIn(name);
                    clone.forget(existing.getMetadata().getUid());
                    pods.delete(name);
                }
                return null;
            });
        });
    }

    private PodRef podRef(String podName, String repositoryId) {
        return new PodRef(podName, repositoryId, config.repositoryPath(), config.worktreesPath());
    }

    // ------------------------------------------------------------------------------------------------ commands

    @Override
    public Uni<CommandResult> run(PodRef pod, Command command) {
        return Uni.createFrom().deferred(() -> {
            String name = requirePodName(pod.name());
            exec.workingDirectory(command);
            ExecArgv.envBlock(command.env()); // validate before anything runs
            return Uni.createFrom().completionStage(() -> threads.submitCompose(() -> exec.run(name, command)));
        });
    }

    @Override
    public Uni<ProcessStream> start(PodRef pod, Command command) {
        return Uni.createFrom().deferred(() -> {
            String name = requirePodName(pod.name());
            exec.workingDirectory(command);
            ExecArgv.envBlock(command.env());
            CompletableFuture<KubernetesProcessStream> started = threads.submit(() -> exec.start(name, command));
            return Uni.createFrom().completionStage(started.copy())
                    .onCancellation().invoke(() -> started.thenAccept(KubernetesProcessStream::kill))
                    .map(ProcessStream.class::cast);
        });
    }

    // ------------------------------------------------------------------------------------------------ plumbing


    private static String requirePodName(String name) {
        if (name == null || name.length() > 63 || !POD_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not a pod name: '" + name + "'");
        }
        return name;
    }

    /** The deepest directory containing both paths (their common parent). */
    static String commonParent(String a, String b) {
        String[] x = a.substring(1).split("/");
        String[] y = b.substring(1).split("/");
        StringBuilder sb = new StringBuilder();
        // the last segment of each path is the directory itself: compare parents only
        for (int i = 0; i < x.length - 1 && i < y.length - 1 && x[i].equals(y[i]); i++) {
            sb.append('/').append(x[i]);
        }
        return sb.isEmpty() ? "/" : sb.toString();
    }

    /** Kills the streams this runtime started and stops its own threads (the client stays open). */
    @Override
    public void close() {
        exec.killAll();
        threads.close();
    }

    int liveStreams() {
        return exec.liveStreams();
    }
}
