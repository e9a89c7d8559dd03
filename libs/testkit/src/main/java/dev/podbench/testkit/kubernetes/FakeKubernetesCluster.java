package dev.podbench.testkit.kubernetes;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.http.WebSocketListener;

/**
 * A Kubernetes API for tests: the fabric8 mock server in CRUD mode (pods, secrets, ... are stored and listed with
 * their labels), a "kubelet" that marks every created pod Running and Ready, and the exec endpoint
 * ({@code GET .../pods/<name>/exec?command=...}) upgraded to a WebSocket handled by an {@link ExecHandler}: real local
 * processes ({@link LocalPodExec}) for service tests, or a scripted program for protocol edge cases.
 */
public final class FakeKubernetesCluster implements AutoCloseable {

    private static final Pattern EXEC = Pattern.compile("/api/v1/namespaces/([^/]+)/pods/([^/]+)/exec\\?(.*)");
    private static final Pattern PODS = Pattern.compile("/api/v1/namespaces/([^/]+)/pods(\\?.*)?");
    private static final Pattern ONE_POD = Pattern.compile("/api/v1/namespaces/([^/]+)/pods/([^/?]+)(\\?.*)?");

    /** One exec request: the pod, the query parameters in the order the client sent them, and the command. */
    public record ExecRequest(String namespace, String pod, String rawQuery, List<Map.Entry<String, String>> params,
            List<String> command) {

        public boolean flag(String name) {
            return params.stream().anyMatch(e -> e.getKey().equals(name) && e.getValue().equals("true"));
        }

        static ExecRequest parse(String namespace, String pod, String rawQuery) {
            List<Map.Entry<String, String>> params = new ArrayList<>();
            List<String> command = new ArrayList<>();
            for (String pair : rawQuery.split("&")) {
                int eq = pair.indexOf('=');
                String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                params.add(Map.entry(key, value));
                if (key.equals("command")) {
                    command.add(value);
                }
            }
            return new ExecRequest(namespace, pod, rawQuery, List.copyOf(params), List.copyOf(command));
        }
    }

    /** What runs an exec: returns the listener that speaks the channel protocol on the upgraded WebSocket. */
    @FunctionalInterface
    public interface ExecHandler {
        WebSocketListener open(ExecRequest request);

        /** A pod was created (its containers "start"). */
        default void podCreated(Pod pod) {
        }

        /** A pod was deleted (its containers and their processes stop). */
        default void podDeleted(String namespace, String name) {
        }
    }

    private final KubernetesMockServer server;
    private final KubernetesClient client;
    private final ExecHandler execHandler;
    private final AtomicInteger podCreations = new AtomicInteger();
    private final ExecutorService kubelet = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "fake-kubelet");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean autoReady = true;

    public FakeKubernetesCluster(ExecHandler execHandler) {
        this.execHandler = execHandler;
        KubernetesCrudDispatcher crud = new KubernetesCrudDispatcher();
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return FakeKubernetesCluster.this.dispatch(crud, request);
            }
        }, false);
        server.init();
        client = server.createClient();
    }

    private MockResponse dispatch(KubernetesCrudDispatcher crud, RecordedRequest request) {
        String path = request.getPath();
        String method = request.getMethod();
        Matcher exec = EXEC.matcher(path);
        if (exec.matches() && ("GET".equals(method) || "POST".equals(method))) {
            ExecRequest call = ExecRequest.parse(exec.group(1), exec.group(2), exec.group(3));
            return new MockResponse().withWebSocketUpgrade(execHandler.open(call));
        }
        if (PODS.matcher(path).matches() && "POST".equals(method)) {
            Pod pod = Serialization.unmarshal(new String(request.getBody().getBytes(), StandardCharsets.UTF_8), Pod.class);
            MockResponse response = crud.dispatch(request);
            if (response.code() == 201) {
                podCreations.incrementAndGet();
                String namespace = pod.getMetadata().getNamespace() != null ? pod.getMetadata().getNamespace()
                        : pathNamespace(path);
                pod.getMetadata().setNamespace(namespace);
                execHandler.podCreated(pod);
                if (autoReady) {
                    kubelet.execute(() -> markReady(namespace, pod.getMetadata().getName()));
                }
            }
            return response;
        }
        Matcher one = ONE_POD.matcher(path);
        if (one.matches() && "DELETE".equals(method)) {
            MockResponse response = crud.dispatch(request);
            execHandler.podDeleted(one.group(1), one.group(2));
            return response;
        }
        return crud.dispatch(request);
    }

    private static String pathNamespace(String path) {
        return path.split("/")[4];
    }

    /** What the kubelet does once the container runs: phase Running, condition Ready=True. */
    public void markReady(String namespace, String name) {
        Pod pod = client.pods().inNamespace(namespace).withName(name).get();
        if (pod == null) {
            return;
        }
        Pod ready = new PodBuilder(pod).editOrNewStatus().withPhase("Running").addNewCondition().withType("Ready")
                .withStatus("True").endCondition().endStatus().build();
        client.pods().inNamespace(namespace).resource(ready).updateStatus();
    }

    /** Off: created pods stay Pending until a test calls {@link #markReady} (or sets another status). */
    public void autoReady(boolean on) {
        autoReady = on;
    }

    /** A client of this cluster (closed with it). */
    public KubernetesClient client() {
        return client;
    }

    /** The API server's base URL, for {@code quarkus.kubernetes-client.api-server-url}. */
    public String url() {
        return server.url("/");
    }

    public int podCreations() {
        return podCreations.get();
    }

    @Override
    public void close() {
        client.close();
        server.destroy();
        kubelet.shutdownNow();
    }
}
