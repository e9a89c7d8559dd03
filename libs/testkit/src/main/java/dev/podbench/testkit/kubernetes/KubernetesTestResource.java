package dev.podbench.testkit.kubernetes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Runs a service on the {@code kubernetes} workspace runtime against a {@link FakeKubernetesCluster} whose pods are
 * {@link LocalPodExec local processes}: points Quarkus' Kubernetes client at the mock API server and the runtime's
 * repository and worktree paths at a fresh directory on this machine (each pod sees its own copy of it).
 *
 * <p>Init args: {@code image-env.<NAME>=<value>} become every container's environment (as an image's {@code ENV}).
 * Tests reach the pods' files with {@link #hostPath(String, String)} and the API with the service's own
 * {@code KubernetesClient}; {@link KubernetesTestProfile} starts a service with it.
 */
public class KubernetesTestResource implements QuarkusTestResourceLifecycleManager {

    public static final String NAMESPACE = "podbench-test";
    /** Config key naming the directory that holds the pods' files on this machine (see {@link LocalPodExec#hostPath(String, String, String, String)}). */
    public static final String PODS_ROOT = "podbench-testkit.kubernetes.pods-root";
    /** Config key naming the directory every pod sees as its own workspace. */
    public static final String WORKSPACE = "podbench-testkit.kubernetes.workspace";

    private final Map<String, String> imageEnv = new HashMap<>();
    private FakeKubernetesCluster cluster;
    private LocalPodExec pods;

    @Override
    public void init(Map<String, String> initArgs) {
        initArgs.forEach((key, value) -> {
            if (key.startsWith("image-env.")) {
                imageEnv.put(key.substring("image-env.".length()), value);
            }
        });
    }

    @Override
    public Map<String, String> start() {
        Path dir;
        try {
            dir = Files.createTempDirectory("podbench-k8s-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Path workspace = dir.resolve("workspace");
        pods = new LocalPodExec(dir.resolve("pods"), workspace, imageEnv);
        cluster = new FakeKubernetesCluster(pods);
        pods.attach(cluster.client());
        Map<String, String> config = new HashMap<>();
        config.put("quarkus.kubernetes-client.api-server-url", cluster.url());
        config.put("quarkus.kubernetes-client.namespace", NAMESPACE);
        config.put("quarkus.kubernetes-client.trust-certs", "true");
        config.put("quarkus.kubernetes-client.devservices.enabled", "false");
        config.put("podbench.workspace.runtime", "kubernetes");
        config.put("podbench.workspace.kubernetes.default-image", "registry.test/podbench-workspace:1");
        config.put("podbench.workspace.kubernetes.repository-path", workspace.resolve("repo.git").toString());
        config.put("podbench.workspace.kubernetes.worktrees-path", workspace.resolve("worktrees").toString());
        config.put("podbench.workspace.kubernetes.pod-ready-timeout", "60s");
        // every request is logged at INFO otherwise
        config.put("quarkus.log.category.\"io.fabric8.mockwebserver\".level", "WARN");
        config.put(PODS_ROOT, dir.resolve("pods").toString());
        config.put(WORKSPACE, workspace.toString());
        return config;
    }

    /**
     * Makes sure a pod exists as the runtime would have created it (for a gateway test whose sessions session-service
     * "placed" there) and waits until the kubelet has made it Ready.
     */
    public static void ensurePod(KubernetesClient client, String name) {
        if (client.pods().inNamespace(NAMESPACE).withName(name).get() == null) {
            client.pods().inNamespace(NAMESPACE).resource(new PodBuilder()
                    .withNewMetadata().withName(name).addToLabels("app.kubernetes.io/managed-by", "podbench")
                    .endMetadata()
                    .withNewSpec().addNewContainer().withName("workspace")
                    .withImage("registry.test/podbench-workspace:1").endContainer().endSpec().build()).create();
        }
        client.pods().inNamespace(NAMESPACE).withName(name).waitUntilReady(60, TimeUnit.SECONDS);
    }

    /**
     * Where a pod's file ({@code podPath}, under the pods' workspace directory) is on this machine; for a test running
     * in the application started with this resource.
     */
    public static Path hostPath(String pod, String podPath) {
        Config config = ConfigProvider.getConfig();
        return LocalPodExec.hostPath(config.getValue(PODS_ROOT, String.class), config.getValue(WORKSPACE, String.class),
                pod, podPath);
    }

    /** The directory every pod sees as its workspace (parent of the repository and worktrees paths). */
    public static String podWorkspace() {
        return ConfigProvider.getConfig().getValue(WORKSPACE, String.class);
    }

    @Override
    public void stop() {
        if (pods != null) {
            pods.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }
}
