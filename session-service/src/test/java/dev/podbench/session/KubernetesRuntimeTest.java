package dev.podbench.session;

import static dev.podbench.session.Api.as;
import static dev.podbench.session.Api.awaitState;
import static dev.podbench.session.Api.createRepository;
import static dev.podbench.session.Api.end;
import static dev.podbench.session.Api.repository;
import static dev.podbench.session.Api.startSession;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

import dev.podbench.testkit.KafkaTestResource;
import dev.podbench.testkit.PostgresTestResource;
import dev.podbench.testkit.TokenTestResource;
import dev.podbench.testkit.git.GitHttpsServer;
import dev.podbench.testkit.kubernetes.KubernetesTestResource;
import dev.podbench.testkit.kubernetes.KubernetesTestProfile;

/**
 * Sessions on the {@code kubernetes} runtime, through the REST API, against the mock API server whose pods run real
 * git in their own directories ({@link KubernetesTestResource}). The origin is served over HTTPS: {@code file://} is
 * a local-runtime-only form.
 */
@QuarkusTest
@TestProfile(KubernetesRuntimeTest.OnKubernetes.class)
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(TokenTestResource.class)
class KubernetesRuntimeTest {

    private static final Duration IDLE_POD_TIMEOUT = Duration.ofSeconds(3);
    private static final int MAX_SESSIONS_PER_POD = 2;
    private static final int MAX_PODS_PER_REPOSITORY = 2;

    public static class OnKubernetes extends KubernetesTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("podbench.workspace.kubernetes.idle-pod-timeout", IDLE_POD_TIMEOUT.toSeconds() + "s",
                    "podbench.pods.reclaim-interval", "1s",
                    "podbench.workspace.kubernetes.max-sessions-per-pod", String.valueOf(MAX_SESSIONS_PER_POD),
                    "podbench.workspace.kubernetes.max-pods-per-repository", String.valueOf(MAX_PODS_PER_REPOSITORY));
        }
    }

    private static Path origin;
    private static GitHttpsServer gitServer;

    @Inject
    KubernetesClient kubernetes;

    @BeforeAll
    static void serveOrigin() {
        origin = Git.origin();
        String caFile = Objects.requireNonNull(System.getenv("GIT_SSL_CAINFO"),
                "GIT_SSL_CAINFO must name the file for the test server's certificate (see the pom's surefire setup)");
        gitServer = new GitHttpsServer(origin.getParent(), Path.of(caFile));
    }

    @AfterAll
    static void stopServer() {
        gitServer.close();
    }

    private String originUrl() {
        return gitServer.url(origin.getFileName().toString());
    }

    private List<Pod> podsOf(String repositoryId) {
        return kubernetes.pods().inNamespace(KubernetesTestResource.NAMESPACE)
                .withLabel("app.kubernetes.io/managed-by", "podbench").list().getItems().stream()
                .filter(p -> repositoryId.equals(p.getMetadata().getAnnotations().get("podbench.dev/repository-id")))
                .toList();
    }

    /** Pod creation and the first clone run many execs: minutes on a loaded machine, not seconds. */
    private static Map<String, Object> awaitActive(String id) {
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200)).until(() -> {
            String state = Api.session("alice", id).then().statusCode(200).extract().path("state");
            if ("failed".equals(state)) {
                throw new AssertionError("session " + id + " failed: " + Api.session("alice", id).asString());
            }
            return "active".equals(state);
        });
        return Api.session("alice", id).then().extract().as(Map.class);
    }

    private static String activeSession(String repositoryId) {
        return (String) awaitActive(startSession("alice", repositoryId, null).then().statusCode(201).extract()
                .path("id")).get("id");
    }

    private static Path onHost(String pod, String podPath) {
        return KubernetesTestResource.hostPath(pod, podPath);
    }

    @Test
    void fileUrlsAreRefusedOnKubernetesAndNothingIsRegistered() {
        String name = "file-" + UUID.randomUUID();
        createRepository("alice", name, "file://" + origin).then().statusCode(400)
                .body("error", equalTo("file:// URLs and local paths work only when Podbench runs on this machine (the local runtime)"));
        as("alice").get("/api/repositories").then().statusCode(200).body("name", not(hasItem(name)));
    }

    @Test
    void twoConcurrentStartsMakeOnePodAndBothSessionsWorkInWorktreesOnIt() {
        String repositoryId = repository("alice", "k8s-" + UUID.randomUUID(), originUrl());
        assertThat(podsOf(repositoryId)).isEmpty();

        CompletableFuture<String> first = CompletableFuture.supplyAsync(
                () -> startSession("alice", repositoryId, null).then().statusCode(201).extract().path("id"));
        CompletableFuture<String> second = CompletableFuture.supplyAsync(
                () -> startSession("alice", repositoryId, "feature/existing").then().statusCode(201).extract()
                        .path("id"));
        Map<String, Object> a = awaitActive(first.join());
        Map<String, Object> b = awaitActive(second.join());

        List<Pod> pods = podsOf(repositoryId);
        assertThat(pods).hasSize(1);
        Pod pod = pods.get(0);
        String podName = pod.getMetadata().getName();
        assertThat(pod.getMetadata().getLabels()).containsEntry("app.kubernetes.io/managed-by", "podbench")
                .containsEntry("podbench.dev/repository", repositoryId).containsEntry("podbench.dev/pod-index", "0");
        assertThat(a.get("pod")).isEqualTo(podName);
        assertThat(b.get("pod")).isEqualTo(podName);
        // the start went through the pod, fetch and worktree steps, each done
        assertThat((List<Map<String, String>>) a.get("startSteps")).extracting(s -> s.get("step"))
                .containsExactly("pod", "fetch", "worktree");
        assertThat((List<Map<String, String>>) b.get("startSteps")).allSatisfy(s -> assertThat(s).containsKey("finishedAt"));

        // the worktrees are in the pod (its own file system), checked out from the HTTPS origin
        Path worktreeA = onHost(podName, (String) a.get("worktreePath"));
        Path worktreeB = onHost(podName, (String) b.get("worktreePath"));
        assertThat(worktreeA.resolve("README.md")).hasContent("# origin");
        assertThat(worktreeA.resolve("feature.txt")).doesNotExist();
        assertThat(worktreeB.resolve("feature.txt")).hasContent("existing feature");
        // (git cannot be asked from here: the worktree's .git names the pod's path of the clone)
        assertThat(onHost(podName, KubernetesTestResource.podWorkspace() + "/repo.git/worktrees/" + worktreeB.getFileName() + "/HEAD"))
                .hasContent("ref: refs/heads/feature/existing");
        assertThat(b.get("branch")).isEqualTo("feature/existing");

        as("alice").get("/api/sessions/" + a.get("id") + "/worktree").then().statusCode(200)
                .body("branch", equalTo(a.get("branch"))).body("ahead", equalTo(0)).body("behind", equalTo(0));

        end("alice", (String) a.get("id")).then().statusCode(200);
        awaitState("alice", (String) a.get("id"), "ended");
        assertThat(worktreeA).doesNotExist();
        assertThat(worktreeB).isDirectory();
        end("alice", (String) b.get("id")).then().statusCode(200);
        awaitState("alice", (String) b.get("id"), "ended");
        assertThat(worktreeB).doesNotExist();
    }

    @Test
    void anIdlePodIsDeletedAndAPodWithAnActiveSessionStays() {
        String busyRepository = repository("alice", "busy-" + UUID.randomUUID(), originUrl());
        String idleRepository = repository("alice", "idle-" + UUID.randomUUID(), originUrl());
        String busy = activeSession(busyRepository);
        String done = activeSession(idleRepository);
        end("alice", done).then().statusCode(200);
        awaitState("alice", done, "ended");
        String busyPod = podsOf(busyRepository).get(0).getMetadata().getName();

        await().atMost(Duration.ofSeconds(60)).until(() -> podsOf(idleRepository).isEmpty());
        // the busy pod outlives the idle timeout several times over
        await().during(IDLE_POD_TIMEOUT.multipliedBy(2)).atMost(IDLE_POD_TIMEOUT.multipliedBy(4))
                .until(() -> podsOf(busyRepository).size() == 1);
        assertThat(podsOf(busyRepository).get(0).getMetadata().getName()).isEqualTo(busyPod);

        // a new session of the reclaimed repository gets a fresh pod
        String again = activeSession(idleRepository);
        assertThat(podsOf(idleRepository)).hasSize(1);
        end("alice", again).then().statusCode(200);
        end("alice", busy).then().statusCode(200);
    }

    @Test
    void sessionsBeyondAPodsLimitGoToASecondPodAndBeyondAllPodsTheStartFails() {
        String repositoryId = repository("alice", "placed-" + UUID.randomUUID(), originUrl());

        // concurrent starts count each other: two full pods, never three pods nor a pod with three sessions
        List<CompletableFuture<String>> starts = java.util.stream.IntStream
                .range(0, MAX_PODS_PER_REPOSITORY * MAX_SESSIONS_PER_POD)
                .mapToObj(i -> CompletableFuture.supplyAsync(
                        () -> startSession("alice", repositoryId, null).then().statusCode(201).extract().<String> path("id")))
                .toList();
        List<Map<String, Object>> sessions = starts.stream().map(start -> awaitActive(start.join())).toList();
        Map<Object, Long> sessionsByPod = sessions.stream()
                .collect(java.util.stream.Collectors.groupingBy(s -> s.get("pod"), java.util.stream.Collectors.counting()));
        assertThat(sessionsByPod).hasSize(MAX_PODS_PER_REPOSITORY)
                .allSatisfy((pod, count) -> assertThat(count).isEqualTo((long) MAX_SESSIONS_PER_POD));
        assertThat(podsOf(repositoryId)).extracting(p -> p.getMetadata().getName())
                .containsExactlyInAnyOrderElementsOf(sessionsByPod.keySet().stream().map(String.class::cast).toList());

        String refused = startSession("alice", repositoryId, null).then().statusCode(201).extract().path("id");
        Map<String, Object> failed = awaitState("alice", refused, "failed");
        assertThat((String) failed.get("failureReason")).contains("no room for another session")
                .contains(MAX_PODS_PER_REPOSITORY + " pod(s)").contains(MAX_SESSIONS_PER_POD + " session(s) each");
        assertThat(failed.get("pod")).isNull();
        // it failed at the pod step, which stays open
        assertThat((List<Map<String, String>>) failed.get("startSteps")).singleElement()
                .satisfies(step -> assertThat(step).containsEntry("step", "pod").doesNotContainKey("finishedAt"));
        assertThat(podsOf(repositoryId)).hasSize(MAX_PODS_PER_REPOSITORY);

        // ending a session on the second pod removes its worktree there, and its neighbour is served by that pod
        String secondPod = podsOf(repositoryId).stream()
                .filter(p -> "1".equals(p.getMetadata().getLabels().get("podbench.dev/pod-index")))
                .findFirst().orElseThrow().getMetadata().getName();
        List<Map<String, Object>> onSecond = sessions.stream().filter(s -> secondPod.equals(s.get("pod"))).toList();
        assertThat(onSecond).hasSize(MAX_SESSIONS_PER_POD);
        Map<String, Object> ending = onSecond.get(0);
        Map<String, Object> staying = onSecond.get(1);
        Path endingWorktree = onHost(secondPod, (String) ending.get("worktreePath"));
        Path stayingWorktree = onHost(secondPod, (String) staying.get("worktreePath"));
        assertThat(endingWorktree).isDirectory();
        end("alice", (String) ending.get("id")).then().statusCode(200);
        awaitState("alice", (String) ending.get("id"), "ended");
        assertThat(endingWorktree).doesNotExist();
        assertThat(stayingWorktree).isDirectory();
        as("alice").get("/api/sessions/" + staying.get("id") + "/worktree").then().statusCode(200)
                .body("branch", equalTo(staying.get("branch")));

        // the freed place is used again
        Map<String, Object> replacement = awaitActive(
                startSession("alice", repositoryId, null).then().statusCode(201).extract().path("id"));
        assertThat(replacement.get("pod")).isEqualTo(secondPod);

        sessions.stream().filter(s -> s != ending).forEach(s -> end("alice", (String) s.get("id")).then().statusCode(200));
        end("alice", (String) replacement.get("id")).then().statusCode(200);
    }
}
