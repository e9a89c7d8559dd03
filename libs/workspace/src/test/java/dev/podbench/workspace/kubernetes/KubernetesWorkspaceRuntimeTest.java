package dev.podbench.workspace.kubernetes;

import static dev.podbench.workspace.kubernetes.FakeCluster.NAMESPACE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.podbench.workspace.AsyncKeyedLock;
import dev.podbench.workspace.ByteCollector;
import dev.podbench.workspace.CapacityReachedException;
import dev.podbench.workspace.Command;
import dev.podbench.workspace.CommandResult;
import dev.podbench.workspace.CommandTimeoutException;
import dev.podbench.workspace.PodRef;
import dev.podbench.workspace.ProcessStream;
import dev.podbench.workspace.RepositorySpec;
import dev.podbench.workspace.TtySize;
import dev.podbench.workspace.git.GitCommandException;
import dev.podbench.workspace.git.Worktrees;
import dev.podbench.workspace.kubernetes.FakeCluster.ExecCall;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;

class KubernetesWorkspaceRuntimeTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String IMAGE = "registry.example/podbench-workspace:1";
    private static final RepositorySpec REPO = new RepositorySpec("acme-web", "https://git.example/acme/web.git",
            "main", null);

    private FakeCluster cluster;
    private KubernetesRuntimeConfig config;
    private KubernetesWorkspaceRuntime runtime;
    /** One per JVM in a service: the runtimes of a test share it as two instances of a service would. */
    private final AsyncKeyedLock podLocks = new AsyncKeyedLock();

    @BeforeEach
    void setUp() {
        cluster = new FakeCluster();
        config = KubernetesRuntimeConfig.builder(NAMESPACE, IMAGE)
                .maxPodsPerRepository(2)
                .maxSessionsPerPod(2)
                .podReadyTimeout(WAIT)
                .resourceRequests(Map.of("cpu", "250m", "memory", "512Mi"))
                .resourceLimits(Map.of("memory", "2Gi"))
                .imagePullPolicy("IfNotPresent")
                .labels(Map.of("team", "platform", "app.kubernetes.io/managed-by", "someone-else"))
                .build();
        runtime = new KubernetesWorkspaceRuntime(cluster.client, config, null, podLocks);
    }

    @AfterEach
    void tearDown() {
        runtime.close();
        cluster.close();
    }

    private PodRef ensure(Map<String, Integer> load) {
        return runtime.ensurePod(REPO, load).await().atMost(WAIT);
    }

    private Pod apiPod(String name) {
        return cluster.client.pods().inNamespace(NAMESPACE).withName(name).get();
    }

    // ------------------------------------------------------------------------------------------------ pods

    @Test
    void repositoryPodsMeetTheRestrictedProfile() {
        Pod created = apiPod(ensure(Map.of()).name());

        PodSecurityContext pod = created.getSpec().getSecurityContext();
        assertThat(pod.getRunAsNonRoot()).isTrue();
        assertThat(pod.getRunAsUser()).isEqualTo(RepositoryPodSecurity.WORKSPACE_USER);
        assertThat(pod.getRunAsGroup()).isEqualTo(RepositoryPodSecurity.WORKSPACE_USER);
        assertThat(pod.getFsGroup()).as("emptyDirs writable by the user").isEqualTo(RepositoryPodSecurity.WORKSPACE_USER);
        assertThat(pod.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        assertThat(created.getSpec().getHostNetwork()).isNotEqualTo(Boolean.TRUE);
        assertThat(created.getSpec().getAutomountServiceAccountToken()).isFalse();

        Container container = created.getSpec().getContainers().get(0);
        SecurityContext security = container.getSecurityContext();
        assertThat(security.getRunAsNonRoot()).isTrue();
        assertThat(security.getRunAsUser()).isEqualTo(RepositoryPodSecurity.WORKSPACE_USER);
        assertThat(security.getAllowPrivilegeEscalation()).isFalse();
        assertThat(security.getPrivileged()).isFalse();
        assertThat(security.getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(security.getCapabilities().getAdd()).isNullOrEmpty();
        assertThat(security.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        assertThat(security.getReadOnlyRootFilesystem()).isTrue();

        // every path user code writes to is an emptyDir: the workspace, /tmp, the user's home
        Map<String, Volume> volumes = created.getSpec().getVolumes().stream()
                .collect(java.util.stream.Collectors.toMap(Volume::getName, v -> v));
        assertThat(container.getVolumeMounts()).hasSize(3).allSatisfy(mount -> {
            assertThat(volumes.get(mount.getName()).getEmptyDir()).as(mount.getMountPath()).isNotNull();
            assertThat(mount.getReadOnly()).isNotEqualTo(Boolean.TRUE);
        });
        assertThat(volumes).hasSize(3);

        // requests and limits from the config
        assertThat(container.getResources().getRequests()).containsOnlyKeys("cpu", "memory");
        assertThat(container.getResources().getRequests().get("cpu").toString()).isEqualTo("250m");
        assertThat(container.getResources().getRequests().get("memory").toString()).isEqualTo("512Mi");
        assertThat(container.getResources().getLimits()).containsOnlyKeys("memory");
    }

    @Test
    void thePodsUserAndFileSystemComeFromTheConfig() {
        runtime.close();
        runtime = new KubernetesWorkspaceRuntime(cluster.client, config.toBuilder()
                .podSecurity(new RepositoryPodSecurity(4242, 4343, false, List.of("/tmp")))
                .build());
        Pod created = apiPod(ensure(Map.of()).name());

        assertThat(created.getSpec().getSecurityContext().getRunAsUser()).isEqualTo(4242L);
        assertThat(created.getSpec().getSecurityContext().getFsGroup()).isEqualTo(4343L);
        Container container = created.getSpec().getContainers().get(0);
        assertThat(container.getSecurityContext().getRunAsGroup()).isEqualTo(4343L);
        assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isFalse();
        assertThat(container.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
        // a writable root needs no extra volumes
        assertThat(container.getVolumeMounts()).extracting(VolumeMount::getMountPath).containsExactly("/workspace");
        assertThat(created.getSpec().getVolumes()).hasSize(1);
    }

    @Test
    void ensurePodCreatesOneLabelledPodAndClonesIntoIt() {
        PodRef pod = ensure(Map.of());

        assertThat(pod).isEqualTo(new PodRef("pb-acme-web-0", "acme-web", "/workspace/repo.git",
                "/workspace/worktrees"));
        Pod created = apiPod(pod.name());
        assertThat(created.getMetadata().getLabels()).containsEntry("app.kubernetes.io/managed-by", "podbench")
                .containsEntry("podbench.dev/repository", "acme-web").containsEntry("podbench.dev/pod-index", "0")
                .containsEntry("team", "platform");
        assertThat(created.getMetadata().getAnnotations()).containsEntry("podbench.dev/repository-id", "acme-web");
        Container container = created.getSpec().getContainers().get(0);
        assertThat(container.getName()).isEqualTo("workspace");
        assertThat(container.getImage()).isEqualTo(IMAGE);
        assertThat(container.getImagePullPolicy()).isEqualTo("IfNotPresent");
        assertThat(container.getCommand()).containsExactly("sleep", "infinity");
        assertThat(container.getResources().getRequests()).containsKeys("cpu", "memory");
        assertThat(container.getResources().getLimits().get("memory").toString()).isEqualTo("2Gi");
        // the workspace, then the writable paths of the read-only root (repositoryPodsMeetTheRestrictedProfile)
        assertThat(container.getVolumeMounts()).extracting(VolumeMount::getMountPath)
                .containsExactly("/workspace", "/tmp", "/home/podbench");
        assertThat(created.getSpec().getVolumes().get(0).getEmptyDir()).isNotNull();
        assertThat(created.getSpec().getAutomountServiceAccountToken()).isFalse();
        assertThat(cluster.podCreations()).isEqualTo(1);

        // the clone: the same layout as the local runtime, every step an argv
        List<List<String>> git = cluster.gitCalls();
        assertThat(git.get(0)).startsWith("init", "--quiet", "--bare", "--");
        String tmp = git.get(0).get(4);
        assertThat(tmp).startsWith("/workspace/repo.git.staging/");
        assertThat(git).contains(
                List.of("config", "--", "remote.origin.fetch", "+refs/heads/*:refs/remotes/origin/*"),
                List.of("config", "--", "push.autoSetupRemote", "true"),
                List.of("config", "--", "podbench.repositoryId", "acme-web"),
                List.of("fetch", "--quiet", "--prune", "origin"),
                List.of("symbolic-ref", "refs/remotes/origin/HEAD", "refs/remotes/origin/main"),
                List.of("symbolic-ref", "HEAD", "refs/heads/main"));
        assertThat(cluster.execsOf("git")).allSatisfy(c -> {
            assertThat(c.env()).containsEntry("GIT_TERMINAL_PROMPT", "0").containsEntry("GIT_ALLOW_PROTOCOL",
                    "https:ssh:git");
            assertThat(c.cwd()).isIn("/workspace", tmp);
        });
        // the clone URL went through the environment (stdin), never into an exec URL
        ExecCall setUrl = cluster.execsOf("sh").get(0);
        assertThat(setUrl.env()).containsEntry("PODBENCH_CLONE_URL", REPO.cloneUrl());
        assertThat(cluster.execs).noneSatisfy(c -> assertThat(c.rawQuery()).contains("git.example"));
        assertThat(cluster.execsOf("mv").get(0).argv()).containsExactly("mv", "--", tmp, "/workspace/repo.git");
        assertThat(cluster.files.get(pod.name())).contains("/workspace/repo.git/podbench-ready");
    }

    @Test
    void execUsesTheQueryParameterOrderOfFabric8() {
        ensure(Map.of());
        ExecCall marker = cluster.execsOf("test").get(0);
        assertThat(marker.params().stream().map(Map.Entry::getKey).toList()).containsExactly("command", "command",
                "command", "command", "command", "command", "command", "command", "container", "stdin", "stdout",
                "stderr");
        assertThat(marker.command()).containsExactly("sh", "-c", ExecArgv.RUN_SCRIPT, "podbench-exec", "/workspace",
                "test", "-f", "/workspace/repo.git/podbench-ready");
        assertThat(marker.rawQuery()).endsWith("&container=workspace&stdin=true&stdout=true&stderr=true");
    }

    @Test
    void aRestartedServiceFindsThePodAgainWithoutCloning() {
        PodRef first = ensure(Map.of());
        try (KubernetesWorkspaceRuntime fresh = new KubernetesWorkspaceRuntime(cluster.client, config)) {
            PodRef again = fresh.ensurePod(REPO).await().atMost(WAIT);
            assertThat(again).isEqualTo(first);
            assertThat(fresh.listPods("acme-web").await().atMost(WAIT)).containsExactly(first);
        }
        assertThat(cluster.podCreations()).isEqualTo(1);
        assertThat(cluster.gitCalls().stream().filter(g -> g.get(0).equals("init"))).hasSize(1);
        assertThat(cluster.execsOf("test")).hasSize(2);
    }

    @Test
    void concurrentEnsurePodMakesOnePod() {
        cluster.autoReady(false);
        try (KubernetesWorkspaceRuntime other = new KubernetesWorkspaceRuntime(cluster.client, config, null, podLocks)) {
            CompletableFuture<PodRef> a = runtime.ensurePod(REPO).subscribeAsCompletionStage();
            CompletableFuture<PodRef> b = other.ensurePod(REPO).subscribeAsCompletionStage();
            await().atMost(WAIT).until(() -> apiPod("pb-acme-web-0") != null);
            assertThat(a).isNotDone();
            cluster.markReady("pb-acme-web-0");
            assertThat(a.join()).isEqualTo(b.join());
        }
        assertThat(cluster.podCreations()).isEqualTo(1);
        assertThat(cluster.client.pods().inNamespace(NAMESPACE).list().getItems()).hasSize(1);
        assertThat(cluster.gitCalls().stream().filter(g -> g.get(0).equals("init"))).hasSize(1);
    }

    @Test
    void aPodSomeoneElseCreatedFirstIsUsed() {
        // created by another instance between our list and our create: not in our list, and the create gets 409
        cluster.client.pods().inNamespace(NAMESPACE).resource(new PodBuilder().withNewMetadata()
                .withName("pb-acme-web-0").endMetadata().withNewSpec().addNewContainer().withName("workspace")
                .withImage(IMAGE).endContainer().endSpec().build()).create();
        cluster.markReady("pb-acme-web-0");

        PodRef pod = ensure(Map.of());

        assertThat(pod.name()).isEqualTo("pb-acme-web-0");
        assertThat(cluster.client.pods().inNamespace(NAMESPACE).list().getItems()).hasSize(1);
        assertThat(cluster.files.get("pb-acme-web-0")).contains("/workspace/repo.git/podbench-ready");
    }

    @Test
    void placementPrefersTheLeastLoadedPodAndStopsAtCapacity() {
        assertThat(ensure(Map.of()).name()).isEqualTo("pb-acme-web-0");
        // pod 0 full (M = 2): a second pod
        assertThat(ensure(Map.of("pb-acme-web-0", 2)).name()).isEqualTo("pb-acme-web-1");
        assertThat(cluster.podCreations()).isEqualTo(2);
        assertThat(ensure(Map.of("pb-acme-web-0", 2, "pb-acme-web-1", 1)).name()).isEqualTo("pb-acme-web-1");
        assertThat(ensure(Map.of("pb-acme-web-0", 1)).name()).isEqualTo("pb-acme-web-1");
        assertThat(ensure(Map.of("pb-acme-web-0", 0, "pb-acme-web-1", 1)).name()).isEqualTo("pb-acme-web-0");
        // both full and N = 2 pods exist
        assertThatThrownBy(() -> ensure(Map.of("pb-acme-web-0", 2, "pb-acme-web-1", 2)))
                .isInstanceOf(CapacityReachedException.class).hasMessageContaining("acme-web");
        assertThat(cluster.podCreations()).isEqualTo(2);

        // idle reclaim: list, delete one; the next overflow takes the free index again
        List<PodRef> pods = runtime.listPods("acme-web").await().atMost(WAIT);
        assertThat(pods).extracting(PodRef::name).containsExactly("pb-acme-web-0", "pb-acme-web-1");
        runtime.deletePod(pods.get(1)).await().atMost(WAIT);
        assertThat(apiPod("pb-acme-web-1")).isNull();
        assertThat(runtime.listPods("acme-web").await().atMost(WAIT)).extracting(PodRef::name)
                .containsExactly("pb-acme-web-0");
        assertThat(ensure(Map.of("pb-acme-web-0", 2)).name()).isEqualTo("pb-acme-web-1");
        assertThat(cluster.podCreations()).isEqualTo(3);
        // deleting twice is harmless
        runtime.deletePod(pods.get(1)).await().atMost(WAIT);
        runtime.deletePod(pods.get(1)).await().atMost(WAIT);
    }

    @Test
    void deletePodRefusesPodsPodbenchDoesNotManage() {
        cluster.client.pods().inNamespace(NAMESPACE).resource(new PodBuilder().withNewMetadata()
                .withName("database-0").endMetadata().withNewSpec().addNewContainer().withName("db")
                .withImage("postgres").endContainer().endSpec().build()).create();
        assertThatThrownBy(() -> runtime.deletePod(new PodRef("database-0", "x", "/a", "/b")).await().atMost(WAIT))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(apiPod("database-0")).isNotNull();
    }

    @Test
    void theRepositoryImageWinsOverTheDefault() {
        RepositorySpec custom = new RepositorySpec("Acme.Mobile_App", "https://git.example/m.git", null,
                "registry.example/mobile:7");
        PodRef pod = runtime.ensurePod(custom).await().atMost(WAIT);
        assertThat(pod.name()).matches("pb-acme-mobile-app-[0-9a-f]{8}-0").hasSizeLessThanOrEqualTo(63);
        assertThat(apiPod(pod.name()).getSpec().getContainers().get(0).getImage())
                .isEqualTo("registry.example/mobile:7");
        // no default branch: git decides
        assertThat(cluster.gitCalls()).contains(List.of("remote", "set-head", "origin", "--auto"));
    }

    @Test
    void waitsForReadinessAndFailsClearlyWhenThePodNeverGetsReady() {
        cluster.autoReady(false);
        CompletableFuture<PodRef> pending = runtime.ensurePod(REPO).subscribeAsCompletionStage();
        await().atMost(WAIT).until(() -> apiPod("pb-acme-web-0") != null);
        await().during(Duration.ofMillis(500)).atMost(WAIT).until(() -> !pending.isDone());
        assertThat(cluster.execs).isEmpty(); // nothing runs in a pod that is not Ready
        cluster.markReady("pb-acme-web-0");
        assertThat(pending.join().name()).isEqualTo("pb-acme-web-0");

        try (KubernetesWorkspaceRuntime impatient = new KubernetesWorkspaceRuntime(cluster.client,
                config.toBuilder().podReadyTimeout(Duration.ofMillis(500)).build())) {
            RepositorySpec other = new RepositorySpec("other", "https://git.example/o.git", "main", null);
            assertThatThrownBy(() -> impatient.ensurePod(other).await().atMost(WAIT))
                    .isInstanceOf(KubernetesPodException.class).hasMessageContaining("pb-other-0")
                    .hasMessageContaining("not Ready");
        }
    }

    @Test
    void anInterruptedCloneIsDetectedAndRedone() {
        cluster.fetchFailures.set(1);
        assertThatThrownBy(() -> ensure(Map.of())).isInstanceOf(GitCommandException.class)
                .hasMessageContaining("fetch");
        assertThat(cluster.files.get("pb-acme-web-0")).anyMatch(f -> f.startsWith("/workspace/repo.git.staging/"))
                .doesNotContain("/workspace/repo.git/podbench-ready");

        PodRef pod = ensure(Map.of());

        assertThat(cluster.execsOf("rm").get(1).argv()).containsExactly("rm", "-rf", "--", "/workspace/repo.git",
                "/workspace/repo.git.staging");
        assertThat(cluster.gitCalls().stream().filter(g -> g.get(0).equals("init"))).hasSize(2);
        assertThat(cluster.files.get(pod.name())).contains("/workspace/repo.git/podbench-ready")
                .noneMatch(f -> f.startsWith("/workspace/repo.git.staging/"));
        assertThat(cluster.podCreations()).isEqualTo(1);
    }

    @Test
    void worktreesRunUnchangedOnThisRuntime() {
        PodRef pod = ensure(Map.of());
        Worktrees worktrees = new Worktrees(runtime);
        worktrees.validateBranchName(pod, "feature/login").await().atMost(WAIT);
        worktrees.fetch(pod).await().atMost(WAIT);

        ExecCall check = cluster.execsOf("git").stream().filter(c -> c.argv().get(1).equals("check-ref-format"))
                .findFirst().orElseThrow();
        assertThat(check.argv()).containsExactly("git", "check-ref-format", "--branch", "feature/login");
        assertThat(check.cwd()).isEqualTo("/workspace/repo.git");
        assertThat(check.env()).containsEntry("GIT_ALLOW_PROTOCOL", "https:ssh:git");
        assertThat(cluster.gitCalls().stream().filter(g -> g.get(0).equals("fetch"))).hasSize(2);
    }

    // ------------------------------------------------------------------------------------------------ run

    @Test
    void runReturnsExitCodesAndSeparateOutput() {
        PodRef pod = ensure(Map.of());
        CommandResult failed = runtime.run(pod, Command.of("/workspace/repo.git", "fake", "out:hello\n",
                "err:oops\n", "exit:3")).await().atMost(WAIT);
        assertThat(failed).isEqualTo(new CommandResult(3, "hello\n", "oops\n", false));

        CommandResult ok = runtime.run(pod, Command.of("/workspace", "fake", "out:fine")).await().atMost(WAIT);
        assertThat(ok).isEqualTo(new CommandResult(0, "fine", "", false));

        CommandResult missing = runtime.run(pod, Command.of("/workspace", "no-such-program")).await().atMost(WAIT);
        assertThat(missing.exitCode()).isEqualTo(127);
        assertThat(missing.stderr()).contains("not found");

        Command limited = new Command(List.of("fake", "out:0123456789"), "/workspace", Map.of(), null, WAIT, 4);
        assertThat(runtime.run(pod, limited).await().atMost(WAIT)).isEqualTo(new CommandResult(0, "0123", "", true));
    }

    @Test
    void runPassesDirectoryAndEnvironmentWithoutPuttingValuesIntoTheUrl() {
        PodRef pod = ensure(Map.of());
        CommandResult result = runtime.run(pod, Command.of("/workspace/worktrees/s1", "env-dump")
                .withEnv(Map.of("API_TOKEN", "s3cr3t value", "EMPTY", ""))).await().atMost(WAIT);
        assertThat(result.stdout()).isEqualTo("cwd=/workspace/worktrees/s1\nAPI_TOKEN=s3cr3t value\nEMPTY=\n");
        assertThat(cluster.execs).noneSatisfy(c -> assertThat(c.rawQuery()).contains("s3cr3t"));

        assertThatThrownBy(() -> runtime.run(pod, Command.of("/workspace", "env-dump")
                .withEnv(Map.of("BAD", "two\nlines"))).await().atMost(WAIT))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> runtime.run(pod, Command.of("relative/dir", "env-dump")).await().atMost(WAIT))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void runTimesOut() {
        PodRef pod = ensure(Map.of());
        assertThatThrownBy(() -> runtime.run(pod, Command.of("/workspace", "hang")
                .withTimeout(Duration.ofMillis(300))).await().atMost(WAIT))
                .isInstanceOfSatisfying(CommandTimeoutException.class,
                        e -> assertThat(e.partialResult().exitCode()).isEqualTo(137));
    }

    @Test
    void runInAPodThatDoesNotExistFails() {
        assertThatThrownBy(() -> runtime.run(new PodRef("pb-gone-0", "gone", "/workspace/repo.git", "/workspace/w"),
                Command.of("/workspace", "fake")).await().atMost(WAIT)).isInstanceOf(RuntimeException.class);
    }

    // ------------------------------------------------------------------------------------------------ start

    @Test
    void ttyEchoesInputResizesAndReportsTheExitStatus() throws Exception {
        PodRef pod = ensure(Map.of());
        ProcessStream shell = runtime.start(pod, Command.of("/workspace/worktrees/s1", "shell")
                .withTty(new TtySize(100, 30)).withEnv(Map.of("API_TOKEN", "t0k"))).await().atMost(WAIT);
        ByteCollector out = ByteCollector.unbounded();
        shell.output().subscribe().withSubscriber(out);

        await().atMost(WAIT).until(() -> out.text().contains("[size 100x30]"));
        ExecCall call = cluster.execsOf("shell").get(0);
        assertThat(call.script()).isEqualTo(ExecArgv.TTY_SCRIPT);
        assertThat(call.flag("tty")).isTrue();
        assertThat(call.flag("stdin")).isTrue();
        assertThat(call.params()).noneMatch(e -> e.getKey().equals("stderr"));
        assertThat(call.cwd()).isEqualTo("/workspace/worktrees/s1");
        // the environment reached the TTY through a private file written over stdin, not through the URL
        assertThat(call.env()).containsEntry("API_TOKEN", "t0k").containsEntry("TERM", "xterm-256color");
        assertThat(cluster.execsOf("head")).hasSize(1);
        assertThat(cluster.execs).noneSatisfy(c -> assertThat(c.rawQuery()).contains("t0k"));
        assertThat(cluster.fileContents).isEmpty(); // read and removed

        shell.write("echo hi\r".getBytes()).await().atMost(WAIT);
        await().atMost(WAIT).until(() -> out.text().contains("echo hi\r"));

        shell.resize(new TtySize(120, 40));
        await().atMost(WAIT).until(() -> out.text().contains("[size 120x40]"));
        JsonNode resize = new ObjectMapper().readTree(call.resizes().get(call.resizes().size() - 1));
        assertThat(resize.get("Width").asInt()).isEqualTo(120);
        assertThat(resize.get("Height").asInt()).isEqualTo(40);
        assertThat(resize.size()).isEqualTo(2);

        shell.write("exit 5\r".getBytes()).await().atMost(WAIT);
        assertThat(shell.exitCode().await().atMost(WAIT)).isEqualTo(5);
        await().atMost(WAIT).until(() -> out.completed);
        assertThat(out.failure).isNull();
        await().atMost(WAIT).until(() -> runtime.liveStreams() == 0);
        assertThatThrownBy(() -> shell.write("late".getBytes()).await().atMost(WAIT))
                .hasMessageContaining("has ended");
    }

    @Test
    void ttyCloseInputSendsEndOfFile() {
        PodRef pod = ensure(Map.of());
        ProcessStream shell = runtime.start(pod, Command.of("/workspace", "shell").withTty(TtySize.defaultSize()))
                .await().atMost(WAIT);
        shell.output().subscribe().withSubscriber(ByteCollector.unbounded());
        shell.closeInput();
        assertThat(shell.exitCode().await().atMost(WAIT)).isZero();
        assertThat(cluster.execsOf("head")).isEmpty(); // no environment, no file
    }

    @Test
    void withoutTtyStderrIsSeparateAndStdinReachesTheProgram() {
        PodRef pod = ensure(Map.of());
        ProcessStream p = runtime.start(pod, Command.of("/workspace", "fake", "out:o\n", "err:e\n", "exit:2")
                .withEnv(Map.of("MODE", "x"))).await().atMost(WAIT);
        ByteCollector out = ByteCollector.unbounded();
        ByteCollector err = ByteCollector.unbounded();
        p.output().subscribe().withSubscriber(out);
        p.errors().subscribe().withSubscriber(err);
        assertThat(p.exitCode().await().atMost(WAIT)).isEqualTo(2);
        await().atMost(WAIT).until(() -> out.completed && err.completed);
        assertThat(out.text()).isEqualTo("o\n");
        assertThat(err.text()).isEqualTo("e\n");
        assertThat(out.failure).isNull();
        ExecCall call = cluster.execsOf("fake").get(0);
        assertThat(call.script()).isEqualTo(ExecArgv.STREAM_SCRIPT);
        assertThat(call.flag("stderr")).isTrue();
        assertThat(call.params()).noneMatch(e -> e.getKey().equals("tty"));
        assertThat(call.env()).containsEntry("MODE", "x");

        // stdin after the environment block belongs to the program
        ProcessStream echo = runtime.start(pod, Command.of("/workspace", "shell")).await().atMost(WAIT);
        ByteCollector echoed = ByteCollector.unbounded();
        echo.output().subscribe().withSubscriber(echoed);
        echo.errors().subscribe().withSubscriber(ByteCollector.unbounded());
        echo.write("ping\n".getBytes()).await().atMost(WAIT);
        await().atMost(WAIT).until(() -> echoed.text().equals("$ ping\n"));
        echo.write("exit 0\n".getBytes()).await().atMost(WAIT);
        assertThat(echo.exitCode().await().atMost(WAIT)).isZero();
    }

    @Test
    void killEndsTheExec() {
        PodRef pod = ensure(Map.of());
        ProcessStream tty = runtime.start(pod, Command.of("/workspace", "hang").withTty(TtySize.defaultSize()))
                .await().atMost(WAIT);
        ProcessStream plain = runtime.start(pod, Command.of("/workspace", "hang")).await().atMost(WAIT);
        ByteCollector out = ByteCollector.unbounded();
        plain.output().subscribe().withSubscriber(out);
        await().atMost(WAIT).until(() -> runtime.liveStreams() == 2);
        tty.kill();
        plain.kill();
        plain.kill();
        assertThat(tty.exitCode().await().atMost(WAIT)).isEqualTo(129);
        assertThat(plain.exitCode().await().atMost(WAIT)).isEqualTo(143);
        await().atMost(WAIT).until(() -> out.completed);
        assertThat(out.failure).isNull();
        await().atMost(WAIT).until(() -> runtime.liveStreams() == 0);
    }

    @Test
    void outputIsDemandDriven() {
        PodRef pod = ensure(Map.of());
        int chunks = 64;
        int size = 64 * 1024;
        ProcessStream p = runtime.start(pod, Command.of("/workspace", "flood", Integer.toString(chunks),
                Integer.toString(size))).await().atMost(WAIT);
        p.errors().subscribe().withSubscriber(ByteCollector.unbounded());
        ByteCollector out = new ByteCollector(1, false);
        p.output().subscribe().withSubscriber(out);
        await().atMost(WAIT).until(() -> out.chunks.get() == 1);
        // no demand: nothing more is read, so the exit status queued behind the output is not reached either
        CompletableFuture<Integer> exit = p.exitCode().subscribeAsCompletionStage();
        await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(5)).until(() ->
                out.chunks.get() == 1 && !out.completed && !exit.isDone());

        out.request(Long.MAX_VALUE);
        await().atMost(WAIT).until(() -> out.completed);
        assertThat(out.total.get()).isEqualTo((long) chunks * size);
        assertThat(out.largestChunk.get()).isLessThanOrEqualTo(ProcessStream.MAX_CHUNK);
        assertThat(exit.join()).isZero();
    }
}
