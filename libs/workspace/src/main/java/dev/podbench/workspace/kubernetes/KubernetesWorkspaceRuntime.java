package dev.podbench.workspace.kubernetes;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

import org.jboss.logging.Logger;

import dev.podbench.workspace.AsyncKeyedLock;
import dev.podbench.workspace.CapacityReachedException;
import dev.podbench.workspace.Command;
import dev.podbench.workspace.CommandResult;
import dev.podbench.workspace.CommandTimeoutException;
import dev.podbench.workspace.PodRef;
import dev.podbench.workspace.ProcessStream;
import dev.podbench.workspace.RepositorySpec;
import dev.podbench.workspace.WorkspaceRuntime;
import dev.podbench.workspace.git.GitCommandException;
import dev.podbench.workspace.git.GitEnvironment;
import dev.podbench.workspace.internal.BoundedSink;
import dev.podbench.workspace.internal.DaemonThreads;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvFromSourceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.KubernetesClientTimeoutException;
import io.fabric8.kubernetes.client.dsl.ContainerResource;
import io.fabric8.kubernetes.client.dsl.ExecListenable;
import io.fabric8.kubernetes.client.dsl.ExecWatch;
import io.fabric8.kubernetes.client.dsl.TtyExecErrorChannelable;
import io.fabric8.kubernetes.client.dsl.TtyExecErrorable;
import io.fabric8.kubernetes.client.dsl.TtyExecOutputErrorable;
import io.fabric8.kubernetes.client.readiness.Readiness;
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
 * AlreadyExists) is simply used.
 *
 * <p>Commands: argv only, run by a constant {@code sh} wrapper that sets the working directory and the environment
 * (see {@link ExecArgv}: variables go through stdin, never the exec URL). Threads: blocking API calls and exec set-up
 * run on the given executor (default: an owned bounded daemon pool); {@code run} drains stdout/stderr on two
 * short-lived threads; a started stream has one reader thread per subscribed output and a writer thread that exits
 * when idle. The {@link KubernetesClient} belongs to the caller: {@link #close()} does not close it.
 */
public final class KubernetesWorkspaceRuntime implements WorkspaceRuntime {

    public static final String KIND = "kubernetes";
    static final String READY_MARKER = "podbench-ready";
    private static final Pattern REPOSITORY_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final Pattern POD_NAME = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern USER_INFO = Pattern.compile("://[^/@]*@");
    private static final Set<String> FATAL_WAITING = Set.of("ErrImagePull", "ImagePullBackOff", "InvalidImageName",
            "CreateContainerConfigError", "CreateContainerError", "CrashLoopBackOff");
    private static final long PIPE_GRACE_MILLIS = 2000;
    private static final Logger LOG = Logger.getLogger(KubernetesWorkspaceRuntime.class);
    /** Per-repository lock, shared by all instances in this JVM. */
    private static final AsyncKeyedLock POD_LOCKS = new AsyncKeyedLock();

    private final KubernetesClient client;
    private final KubernetesRuntimeConfig config;
    private final Executor executor;
    private final ExecutorService ownedExecutor;
    private final ScheduledThreadPoolExecutor scheduler;
    private final String workspaceRoot;
    private final Set<String> preparedPods = ConcurrentHashMap.newKeySet();
    private final Map<KubernetesProcessStream, String> live = new ConcurrentHashMap<>();
    private final AtomicInteger runs = new AtomicInteger();

    public KubernetesWorkspaceRuntime(KubernetesClient client, KubernetesRuntimeConfig config) {
        this(client, config, null);
    }

    /**
     * @param client   the fabric8 client (kubeconfig or in-cluster config; owned by the caller)
     * @param executor where blocking API calls run; {@code null} for an owned bounded pool (shut down by {@link #close})
     */
    public KubernetesWorkspaceRuntime(KubernetesClient client, KubernetesRuntimeConfig config, Executor executor) {
        this.client = client;
        this.config = config;
        if (executor == null) {
            int threads = Math.max(4, Runtime.getRuntime().availableProcessors() * 2);
            ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
                    new LinkedBlockingQueue<>(10_000), DaemonThreads.factory("k8s-workspace-blocking", true));
            pool.allowCoreThreadTimeOut(true);
            this.ownedExecutor = pool;
            this.executor = pool;
        } else {
            this.ownedExecutor = null;
            this.executor = executor;
        }
        this.scheduler = new ScheduledThreadPoolExecutor(1, DaemonThreads.factory("k8s-workspace-timer", true));
        this.scheduler.setRemoveOnCancelPolicy(true);
        this.workspaceRoot = commonParent(config.repositoryPath(), config.worktreesPath());
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
            String id = requireRepositoryId(repository.id());
            GitEnvironment.requireSafeArgument(repository.cloneUrl(), "cloneUrl");
            Map<String, Integer> load = activeSessionsByPod == null ? Map.of() : Map.copyOf(activeSessionsByPod);
            return POD_LOCKS.withLock(config.namespace() + "/" + id,
                    () -> blocking(() -> ensureBlocking(repository, load)));
        });
    }

    @Override
    public Uni<List<PodRef>> listPods(String repositoryId) {
        return Uni.createFrom().deferred(() -> {
            String id = requireRepositoryId(repositoryId);
            return blocking(() -> repositoryPods(id).stream()
                    .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
                    .map(p -> podRef(p.getMetadata().getName(), id))
                    .toList());
        });
    }

    @Override
    public Uni<Void> deletePod(PodRef pod) {
        return Uni.createFrom().deferred(() -> {
            String name = requirePodName(pod.name());
            return blocking(() -> {
                Pod existing = client.pods().inNamespace(config.namespace()).withName(name).get();
                if (existing == null) {
                    return null;
                }
                Map<String, String> labels = existing.getMetadata().getLabels();
                if (labels == null || !PodNames.MANAGED_BY_VALUE.equals(labels.get(PodNames.MANAGED_BY))) {
                    throw new IllegalArgumentException("pod " + name + " is not managed by Podbench; not deleting it");
                }
                live.forEach((stream, podName) -> {
                    if (podName.equals(name)) {
                        stream.kill();
                    }
                });
                preparedPods.remove(existing.getMetadata().getUid());
                client.pods().inNamespace(config.namespace()).withName(name).delete();
                LOG.infof("pod %s deleted", name);
                return null;
            });
        });
    }

    private PodRef podRef(String podName, String repositoryId) {
        return new PodRef(podName, repositoryId, config.repositoryPath(), config.worktreesPath());
    }

    /** The repository's pods as the API server lists them (including terminating and failed ones). */
    private List<Pod> repositoryPods(String id) {
        return client.pods().inNamespace(config.namespace())
                .withLabel(PodNames.MANAGED_BY, PodNames.MANAGED_BY_VALUE)
                .withLabel(PodNames.REPOSITORY_LABEL, PodNames.repositoryLabelValue(id))
                .list().getItems().stream()
                .filter(p -> {
                    Map<String, String> annotations = p.getMetadata().getAnnotations();
                    return annotations != null && id.equals(annotations.get(PodNames.REPOSITORY_ANNOTATION));
                })
                .sorted(Comparator.comparingInt(p -> PodNames.indexOf(id, p.getMetadata().getName())))
                .toList();
    }

    private PodRef ensureBlocking(RepositorySpec spec, Map<String, Integer> load) {
        String id = spec.id();
        List<Pod> all = repositoryPods(id);
        Set<Integer> usedIndexes = new HashSet<>();
        List<Pod> usable = new ArrayList<>();
        for (Pod pod : all) {
            usedIndexes.add(PodNames.indexOf(id, pod.getMetadata().getName()));
            if (pod.getMetadata().getDeletionTimestamp() != null) {
                continue;
            }
            if (isTerminal(pod)) {
                LOG.warnf("pod %s has ended (%s); deleting it", pod.getMetadata().getName(),
                        pod.getStatus().getPhase());
                deleteQuietly(pod.getMetadata().getName());
                continue;
            }
            usable.add(pod);
        }
        Pod chosen = usable.stream()
                .filter(p -> load.getOrDefault(p.getMetadata().getName(), 0) < config.maxSessionsPerPod())
                .min(Comparator.comparingInt((Pod p) -> load.getOrDefault(p.getMetadata().getName(), 0)))
                .orElse(null);
        String name;
        if (chosen != null) {
            name = chosen.getMetadata().getName();
        } else if (usable.size() < config.maxPodsPerRepository()) {
            int index = 0;
            while (usedIndexes.contains(index)) {
                index++;
            }
            name = PodNames.podName(id, index);
            create(spec, name, index);
        } else {
            throw new CapacityReachedException(id, config.maxPodsPerRepository(), config.maxSessionsPerPod());
        }
        Pod ready = awaitReady(name);
        prepareClone(spec, ready);
        return podRef(name, id);
    }

    private void create(RepositorySpec spec, String name, int index) {
        Pod pod = podManifest(spec, name, index);
        try {
            client.pods().inNamespace(config.namespace()).resource(pod).create();
            LOG.infof("pod %s created for repository %s (image %s)", name, spec.id(),
                    pod.getSpec().getContainers().get(0).getImage());
        } catch (KubernetesClientException e) {
            if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
                throw e;
            }
            // another process created it in the meantime: use it
            LOG.debugf("pod %s already exists; using it", name);
        }
    }

    /** The pod a repository gets at {@code index} (package-private for tests). */
    Pod podManifest(RepositorySpec spec, String name, int index) {
        Map<String, String> labels = new LinkedHashMap<>(config.labels());
        labels.put(PodNames.MANAGED_BY, PodNames.MANAGED_BY_VALUE);
        labels.put(PodNames.REPOSITORY_LABEL, PodNames.repositoryLabelValue(spec.id()));
        labels.put(PodNames.INDEX_LABEL, Integer.toString(index));
        String image = spec.image() == null || spec.image().isBlank() ? config.defaultImage() : spec.image();
        Map<String, Quantity> requests = quantities(config.resourceRequests());
        Map<String, Quantity> limits = quantities(config.resourceLimits());
        List<EnvFromSource> envFrom = config.envFromSecrets().stream()
                .map(secret -> new EnvFromSourceBuilder().withNewSecretRef().withName(secret).endSecretRef().build())
                .toList();
        List<Volume> volumes = new ArrayList<>();
        List<VolumeMount> mounts = new ArrayList<>();
        if (!"/".equals(workspaceRoot)) {
            volumes.add(new VolumeBuilder().withName("workspace").withNewEmptyDir().endEmptyDir().build());
            mounts.add(new VolumeMountBuilder().withName("workspace").withMountPath(workspaceRoot).build());
        }
        return config.podSecurity().applyTo(new PodBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(config.namespace())
                .withLabels(labels)
                .withAnnotations(Map.of(PodNames.REPOSITORY_ANNOTATION, spec.id()))
                .endMetadata()
                .withNewSpec()
                .withRestartPolicy("Always")
                .withServiceAccountName(config.serviceAccount())
                .withAutomountServiceAccountToken(config.serviceAccount() != null)
                .withTerminationGracePeriodSeconds(5L)
                .addNewContainer()
                .withName(config.containerName())
                .withImage(image)
                .withImagePullPolicy(config.imagePullPolicy())
                .withCommand(config.idleCommand())
                .withWorkingDir(workspaceRoot)
                .withEnvFrom(envFrom)
                .withVolumeMounts(mounts)
                .withResources(new ResourceRequirementsBuilder().withRequests(requests).withLimits(limits).build())
                .endContainer()
                .withVolumes(volumes)
                .endSpec()
                .build());
    }

    private static Map<String, Quantity> quantities(Map<String, String> values) {
        Map<String, Quantity> result = new LinkedHashMap<>();
        values.forEach((k, v) -> result.put(k, new Quantity(v)));
        return result;
    }

    private Pod awaitReady(String name) {
        Pod pod;
        try {
            pod = client.pods().inNamespace(config.namespace()).withName(name).waitUntilCondition(
                    p -> p == null || Readiness.isPodReady(p) || isTerminal(p) || fatalReason(p) != null,
                    config.podReadyTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (KubernetesClientTimeoutException e) {
            throw new KubernetesPodException(name, "not Ready within " + config.podReadyTimeout(), e);
        }
        if (pod == null) {
            throw new KubernetesPodException(name, "disappeared while starting", null);
        }
        if (Readiness.isPodReady(pod)) {
            return pod;
        }
        String reason = isTerminal(pod) ? "ended (" + pod.getStatus().getPhase() + ")" : fatalReason(pod);
        throw new KubernetesPodException(name, "cannot start: " + reason, null);
    }

    private static boolean isTerminal(Pod pod) {
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        return "Failed".equals(phase) || "Succeeded".equals(phase);
    }

    /** A container state that will not become Ready by waiting (image pull failure, crash loop), or null. */
    private static String fatalReason(Pod pod) {
        if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
            return null;
        }
        for (ContainerStatus status : pod.getStatus().getContainerStatuses()) {
            if (status.getState() != null && status.getState().getWaiting() != null
                    && FATAL_WAITING.contains(status.getState().getWaiting().getReason())) {
                String message = status.getState().getWaiting().getMessage();
                return status.getState().getWaiting().getReason() + (message == null ? "" : ": " + message);
            }
        }
        return null;
    }

    private void deleteQuietly(String name) {
        try {
            client.pods().inNamespace(config.namespace()).withName(name).delete();
        } catch (KubernetesClientException e) {
            LOG.debugf(e, "deleting pod %s", name);
        }
    }

    // ------------------------------------------------------------------------------------------------ the clone

    /** Clones the repository into the pod unless a complete clone is there (a partial one is removed and redone). */
    private void prepareClone(RepositorySpec spec, Pod pod) {
        String name = pod.getMetadata().getName();
        String uid = pod.getMetadata().getUid();
        if (uid != null && preparedPods.contains(uid)) {
            return;
        }
        String repo = config.repositoryPath();
        String staging = repo + ".staging";
        if (exec(name, config.commandTimeout(), "test", "-f", repo + "/" + READY_MARKER).succeeded()) {
            if (uid != null) {
                preparedPods.add(uid);
            }
            return;
        }
        LOG.infof("pod %s: cloning %s", name, redact(spec.cloneUrl()));
        String tmp = staging + "/" + UUID.randomUUID();
        // a partial clone (no marker) or a staging leftover of an interrupted clone: start over
        check(name, exec(name, config.commandTimeout(), "rm", "-rf", "--", repo, staging), "rm");
        check(name, exec(name, config.commandTimeout(), "mkdir", "-p", "--", config.worktreesPath(), staging),
                "mkdir");
        git(name, workspaceRoot, config.commandTimeout(), "init", "--quiet", "--bare", "--", tmp);
        // the URL may carry credentials: it goes through the environment (stdin), not the exec URL
        check(name, exec(name, tmp, config.commandTimeout(), Map.of("PODBENCH_CLONE_URL", spec.cloneUrl()),
                "sh", "-c", "exec git config -- remote.origin.url \"$PODBENCH_CLONE_URL\""), "git config");
        git(name, tmp, config.commandTimeout(), "config", "--", "remote.origin.fetch",
                "+refs/heads/*:refs/remotes/origin/*");
        git(name, tmp, config.commandTimeout(), "config", "--", "push.autoSetupRemote", "true");
        git(name, tmp, config.commandTimeout(), "config", "--", "podbench.repositoryId", spec.id());
        git(name, tmp, config.cloneTimeout(), "fetch", "--quiet", "--prune", "origin");
        setOriginHead(name, tmp, spec.defaultBranch());
        check(name, exec(name, config.commandTimeout(), "touch", "--", tmp + "/" + READY_MARKER), "touch");
        check(name, exec(name, config.commandTimeout(), "mv", "--", tmp, repo), "mv");
        exec(name, config.commandTimeout(), "rm", "-rf", "--", staging);
        if (uid != null) {
            preparedPods.add(uid);
        }
        LOG.infof("pod %s: repository %s ready at %s", name, spec.id(), repo);
    }

    private void setOriginHead(String pod, String repo, String defaultBranch) {
        if (defaultBranch != null && !defaultBranch.isBlank() && !defaultBranch.startsWith("-")) {
            String ref = "refs/remotes/origin/" + defaultBranch;
            if (gitResult(pod, repo, config.commandTimeout(), "show-ref", "--verify", "--quiet", "--", ref)
                    .succeeded()) {
                git(pod, repo, config.commandTimeout(), "symbolic-ref", "refs/remotes/origin/HEAD", ref);
                git(pod, repo, config.commandTimeout(), "symbolic-ref", "HEAD",
                        "refs/heads/" + defaultBranch);
                return;
            }
        }
        CommandResult auto = gitResult(pod, repo, config.commandTimeout(), "remote", "set-head", "origin", "--auto");
        if (!auto.succeeded()) {
            LOG.debugf("pod %s: could not determine origin/HEAD: %s", pod, auto.stderr());
        }
    }

    private CommandResult gitResult(String pod, String cwd, Duration timeout, String... args) {
        List<String> argv = new ArrayList<>(args.length + 1);
        argv.add("git");
        argv.addAll(List.of(args));
        return exec(pod, cwd, timeout, Map.of(), argv.toArray(String[]::new));
    }

    private void git(String pod, String cwd, Duration timeout, String... args) {
        CommandResult result = gitResult(pod, cwd, timeout, args);
        if (!result.succeeded()) {
            List<String> argv = new ArrayList<>(List.of(args));
            argv.add(0, "git");
            throw new GitCommandException(argv, result.exitCode(), result.stderr());
        }
    }

    private static void check(String pod, CommandResult result, String what) {
        if (!result.succeeded()) {
            throw new KubernetesPodException(pod, "'" + what + "' failed with exit code " + result.exitCode() + ": "
                    + result.stderr().strip(), null);
        }
    }

    private CommandResult exec(String pod, Duration timeout, String... argv) {
        return exec(pod, workspaceRoot, timeout, Map.of(), argv);
    }

    /** Runs one of the runtime's own commands on the calling (blocking) thread. */
    private CommandResult exec(String pod, String cwd, Duration timeout, Map<String, String> extraEnv,
            String... argv) {
        Map<String, String> env = new LinkedHashMap<>(GitEnvironment.hardened(GitEnvironment.REMOTE_PROTOCOLS));
        env.putAll(extraEnv);
        Command command = new Command(List.of(argv), cwd, env, null, timeout, 64 * 1024);
        try {
            return runOpen(pod, command).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CompletionException(e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new CompletionException(e.getCause());
        } catch (IOException e) {
            throw new CompletionException(e);
        }
    }

    static String redact(String url) {
        return USER_INFO.matcher(url).replaceFirst("://***@");
    }

    // ------------------------------------------------------------------------------------------------ commands

    @Override
    public Uni<CommandResult> run(PodRef pod, Command command) {
        return Uni.createFrom().deferred(() -> {
            String name = requirePodName(pod.name());
            workingDirectory(command);
            ExecArgv.envBlock(command.env()); // validate before anything runs
            return Uni.createFrom().completionStage(() -> submit(() -> runOpen(name, command))
                    .thenCompose(stage -> stage));
        });
    }

    /** Opens the exec (blocking) and returns the future result. */
    private CompletableFuture<CommandResult> runOpen(String pod, Command command) throws IOException {
        String program = command.argv().get(0);
        byte[] envBlock = ExecArgv.envBlock(command.env());
        ExecStatusListener status = new ExecStatusListener();
        ExecWatch watch = openExec(pod, ExecArgv.run(workingDirectory(command), command.argv()), false, true,
                status);
        try {
            watch.getInput().write(envBlock);
            watch.getInput().flush();
        } catch (IOException | RuntimeException e) {
            watch.close();
            throw e;
        }
        int n = runs.incrementAndGet();
        BoundedSink out = new BoundedSink(command.maxOutputBytes());
        BoundedSink err = new BoundedSink(command.maxOutputBytes());
        CompletableFuture<Void> outDone = out.drainInBackground(watch.getOutput(), "exec-run-stdout-" + n);
        CompletableFuture<Void> errDone = err.drainInBackground(watch.getError(), "exec-run-stderr-" + n);
        AtomicBoolean timedOut = new AtomicBoolean();
        Duration timeout = command.timeout();
        ScheduledFuture<?> timer = null;
        if (timeout != null && !timeout.isNegative() && !timeout.isZero()) {
            try {
                timer = scheduler.schedule(() -> {
                    timedOut.set(true);
                    watch.close();
                }, timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                watch.close();
                throw e;
            }
        }
        ScheduledFuture<?> timerRef = timer;
        return watch.exitCode()
                .handle((code, error) -> {
                    if (timerRef != null) {
                        timerRef.cancel(false);
                    }
                    if (timedOut.get()) {
                        return 128 + ExecStatusListener.SIGKILL;
                    }
                    if (error != null) {
                        throw error instanceof CompletionException c ? c : new CompletionException(error);
                    }
                    return status.exitCode(code, 0, program);
                })
                .thenCompose(code -> CompletableFuture.allOf(outDone, errDone)
                        .completeOnTimeout(null, PIPE_GRACE_MILLIS, TimeUnit.MILLISECONDS)
                        .thenApply(v -> {
                            CommandResult result = new CommandResult(code, out.text(), err.text(),
                                    out.truncated() || err.truncated());
                            if (timedOut.get()) {
                                throw new CommandTimeoutException(program, timeout, result);
                            }
                            return result;
                        }));
    }

    @Override
    public Uni<ProcessStream> start(PodRef pod, Command command) {
        return Uni.createFrom().deferred(() -> {
            String name = requirePodName(pod.name());
            workingDirectory(command);
            ExecArgv.envBlock(command.env());
            CompletableFuture<KubernetesProcessStream> started = submit(() -> startBlocking(name, command));
            return Uni.createFrom().completionStage(started.copy())
                    .onCancellation().invoke(() -> started.thenAccept(KubernetesProcessStream::kill))
                    .map(ProcessStream.class::cast);
        });
    }

    private KubernetesProcessStream startBlocking(String pod, Command command) throws IOException {
        String dir = workingDirectory(command);
        ExecStatusListener status = new ExecStatusListener();
        KubernetesProcessStream stream;
        if (command.tty() != null) {
            String envFile = command.env().isEmpty() ? null : writeEnvFile(pod, command.env());
            ExecWatch watch = openExec(pod, ExecArgv.tty(dir, envFile, command.argv()), true, true, status);
            stream = new KubernetesProcessStream(watch, status, true, pod, command.argv().get(0), live::remove);
            stream.resize(command.tty());
        } else {
            ExecWatch watch = openExec(pod, ExecArgv.stream(dir, command.argv()), false, true, status);
            stream = new KubernetesProcessStream(watch, status, false, pod, command.argv().get(0), live::remove);
            try {
                stream.writeNow(ExecArgv.envBlock(command.env()));
            } catch (IOException | RuntimeException e) {
                stream.kill();
                throw e;
            }
        }
        live.put(stream, pod);
        if (stream.hasExited()) {
            live.remove(stream);
        }
        LOG.debugf("started %s in pod %s: %s", stream, pod, command.argv().get(0));
        return stream;
    }

    /** Writes the variables of a TTY command to a private file in the pod (through stdin); returns its path. */
    private String writeEnvFile(String pod, Map<String, String> env) throws IOException {
        byte[] lines = ExecArgv.envLines(env);
        String file = "/tmp/podbench-env-" + UUID.randomUUID();
        ExecStatusListener status = new ExecStatusListener();
        ExecWatch watch = openExec(pod, ExecArgv.envFile(file, lines.length), false, true, status);
        try {
            watch.getInput().write(lines);
            watch.getInput().flush();
            Integer code = watch.exitCode().get(config.commandTimeout().toMillis(), TimeUnit.MILLISECONDS);
            int exit = status.exitCode(code, 0, "head");
            if (exit != 0) {
                throw new IOException("could not write the environment file in pod " + pod + " (exit " + exit + ")");
            }
            return file;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("could not write the environment file in pod " + pod, e);
        } finally {
            watch.close();
        }
    }

    /**
     * Opens an exec with the output redirected (stderr too unless a TTY). Blocking: fabric8 checks the pod and waits
     * for the WebSocket handshake.
     */
    private ExecWatch openExec(String pod, List<String> argv, boolean tty, boolean stdin, ExecStatusListener status) {
        int readyWait = (int) Math.min(config.podReadyTimeout().toMillis(), 30_000);
        ContainerResource container = client.pods().inNamespace(config.namespace()).withName(pod)
                .inContainer(config.containerName()).withReadyWaitTimeout(readyWait);
        TtyExecOutputErrorable withInput = stdin ? container.redirectingInput() : container;
        TtyExecErrorable withOutput = withInput.redirectingOutput();
        TtyExecErrorChannelable withError = tty ? withOutput : withOutput.redirectingError();
        ExecListenable withTty = tty ? withError.withTTY() : withError;
        return withTty.usingListener(status).exec(argv.toArray(String[]::new));
    }

    /** The command's directory (absolute) or the workspace root. */
    private String workingDirectory(Command command) {
        String dir = command.workingDir();
        if (dir == null || dir.isBlank()) {
            return workspaceRoot;
        }
        if (!dir.startsWith("/")) {
            throw new IllegalArgumentException("working directory must be absolute: " + dir);
        }
        for (int i = 0; i < dir.length(); i++) {
            if (Character.isISOControl(dir.charAt(i))) {
                throw new IllegalArgumentException("working directory must not contain control characters");
            }
        }
        return dir;
    }

    // ------------------------------------------------------------------------------------------------ plumbing

    private static String requireRepositoryId(String id) {
        if (id == null || !REPOSITORY_ID.matcher(id).matches()) {
            throw new IllegalArgumentException(
                    "repository id must match " + REPOSITORY_ID.pattern() + ", was '" + id + "'");
        }
        return id;
    }

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

    private <T> CompletableFuture<T> submit(Callable<T> task) {
        CompletableFuture<T> result = new CompletableFuture<>();
        try {
            executor.execute(() -> {
                try {
                    result.complete(task.call());
                } catch (Throwable e) {
                    result.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(e);
        }
        return result;
    }

    private <T> Uni<T> blocking(Callable<T> task) {
        return Uni.createFrom().completionStage(() -> submit(task));
    }

    /** Kills the streams this runtime started and stops its own threads (the client stays open). */
    @Override
    public void close() {
        live.keySet().forEach(KubernetesProcessStream::kill);
        scheduler.shutdown();
        if (ownedExecutor != null) {
            ownedExecutor.shutdown();
        }
    }

    int liveStreams() {
        return live.size();
    }
}
