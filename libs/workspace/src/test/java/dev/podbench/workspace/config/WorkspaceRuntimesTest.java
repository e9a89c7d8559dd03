package dev.podbench.workspace.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import org.eclipse.microprofile.config.spi.ConfigSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.podbench.workspace.AsyncKeyedLock;
import dev.podbench.workspace.WorkspaceRuntime;
import dev.podbench.workspace.kubernetes.KubernetesRuntimeConfig;
import dev.podbench.workspace.kubernetes.RepositoryPodSecurity;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

class WorkspaceRuntimesTest {

    private static WorkspaceRuntimeConfig mapped(Map<String, String> properties) {
        return mapped(new PropertiesConfigSource(new HashMap<>(properties), "test", 100));
    }

    private static WorkspaceRuntimeConfig mapped(ConfigSource source) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withMapping(WorkspaceRuntimeConfig.class)
                // Quarkus' short duration form ("5m"), as the services read it
                .withConverter(Duration.class, 200, value -> Duration.parse("PT" + value.toUpperCase(Locale.ROOT)))
                .withSources(source)
                .build();
        return config.getConfigMapping(WorkspaceRuntimeConfig.class);
    }

    @Test
    void localIsTheDefaultAndNeedsItsRoot(@TempDir Path root) {
        try (WorkspaceRuntime runtime = WorkspaceRuntimes.create(
                mapped(Map.of("podbench.workspace.local.root", root.toString())), () -> {
                    throw new AssertionError("the local runtime must not ask for a Kubernetes client");
                }, new AsyncKeyedLock())) {
            assertThat(runtime.kind()).isEqualTo("local");
        }
        assertThatThrownBy(() -> WorkspaceRuntimes.create(mapped(Map.of()), () -> null, new AsyncKeyedLock()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("podbench.workspace.local.root must be set");
    }

    @Test
    void anUnknownRuntimeFailsNamingTheKeyAndTheChoices() {
        assertThatThrownBy(() -> WorkspaceRuntimes.create(mapped(Map.of("podbench.workspace.runtime", "docker")),
                () -> null, new AsyncKeyedLock()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("podbench.workspace.runtime must be 'local' or 'kubernetes', was 'docker'");
    }

    @Test
    void kubernetesDefaults() {
        WorkspaceRuntimeConfig config = mapped(Map.of("podbench.workspace.runtime", "kubernetes",
                "podbench.workspace.kubernetes.default-image", "registry.example/workspace:1"));

        KubernetesRuntimeConfig k8s = WorkspaceRuntimes.kubernetes(config.kubernetes(), "from-kubeconfig");

        assertThat(k8s).isEqualTo(KubernetesRuntimeConfig.builder("from-kubeconfig", "registry.example/workspace:1")
                .build());
        assertThat(config.kubernetes().idlePodTimeout()).isEqualTo(Duration.ofMinutes(30));
    }

    @Test
    void everyKubernetesKeyReachesTheRuntimeConfig() {
        Map<String, String> p = new HashMap<>();
        String k = "podbench.workspace.kubernetes.";
        p.put(k + "namespace", "podbench-pods");
        p.put(k + "default-image", "img:2");
        p.put(k + "container-name", "main");
        p.put(k + "repository-path", "/srv/repo.git");
        p.put(k + "worktrees-path", "/srv/trees");
        p.put(k + "max-pods-per-repository", "3");
        p.put(k + "max-sessions-per-pod", "4");
        p.put(k + "pod-ready-timeout", "2m");
        p.put(k + "clone-timeout", "10m");
        p.put(k + "command-timeout", "20s");
        p.put(k + "resource-requests.cpu", "500m");
        p.put(k + "resource-limits.memory", "2Gi");
        p.put(k + "service-account", "workspace");
        p.put(k + "image-pull-policy", "Always");
        p.put(k + "labels.\"app.kubernetes.io/part-of\"", "podbench");
        p.put(k + "idle-command", "sleep,1d");
        p.put(k + "env-from-secrets", "git-token,anthropic");
        p.put(k + "idle-pod-timeout", "45m");
        p.put(k + "pod-security.run-as-user", "4242");
        p.put(k + "pod-security.run-as-group", "4343");
        p.put(k + "pod-security.read-only-root-filesystem", "false");
        p.put(k + "pod-security.writable-paths", "/tmp,/cache");

        WorkspaceRuntimeConfig config = mapped(p);
        KubernetesRuntimeConfig k8s = WorkspaceRuntimes.kubernetes(config.kubernetes(), "ignored");

        assertThat(k8s).isEqualTo(new KubernetesRuntimeConfig("podbench-pods", "img:2", "main", "/srv/repo.git",
                "/srv/trees", 3, 4, Duration.ofMinutes(2), Duration.ofMinutes(10), Duration.ofSeconds(20),
                Map.of("cpu", "500m"), Map.of("memory", "2Gi"), "workspace", "Always",
                Map.of("app.kubernetes.io/part-of", "podbench"), java.util.List.of("sleep", "1d"),
                java.util.List.of("git-token", "anthropic"),
                new RepositoryPodSecurity(4242, 4343, false, java.util.List.of("/tmp", "/cache"))));
        assertThat(config.kubernetes().idlePodTimeout()).isEqualTo(Duration.ofMinutes(45));
    }

    /** deploy/k8s sets the keys as environment variables (ConfigMap podbench-workspace), map keys included. */
    @Test
    void environmentVariablesReachTheMapAndGroupKeys() {
        WorkspaceRuntimeConfig env = mapped(new EnvConfigSource(Map.of(
                        "PODBENCH_WORKSPACE_KUBERNETES_DEFAULT_IMAGE", "img",
                        "PODBENCH_WORKSPACE_KUBERNETES_RESOURCE_REQUESTS_CPU", "500m",
                        "PODBENCH_WORKSPACE_KUBERNETES_RESOURCE_LIMITS_MEMORY", "4Gi",
                        "PODBENCH_WORKSPACE_KUBERNETES_POD_SECURITY_RUN_AS_USER", "4242"), 300) {
        });
        KubernetesRuntimeConfig k8s = WorkspaceRuntimes.kubernetes(env.kubernetes(), "ns");

        assertThat(k8s.resourceRequests()).containsExactly(Map.entry("cpu", "500m"));
        assertThat(k8s.resourceLimits()).containsExactly(Map.entry("memory", "4Gi"));
        assertThat(k8s.podSecurity().runAsUser()).isEqualTo(4242L);
        assertThat(k8s.podSecurity().runAsGroup()).isEqualTo(RepositoryPodSecurity.defaults().runAsGroup());
    }

    @Test
    void kubernetesNeedsAnImageAndANamespace() {
        WorkspaceRuntimeConfig noImage = mapped(Map.of("podbench.workspace.runtime", "kubernetes"));
        assertThatThrownBy(() -> WorkspaceRuntimes.kubernetes(noImage.kubernetes(), "ns"))
                .hasMessageContaining("podbench.workspace.kubernetes.default-image must be set");

        WorkspaceRuntimeConfig image = mapped(Map.of("podbench.workspace.kubernetes.default-image", "img"));
        assertThatThrownBy(() -> WorkspaceRuntimes.kubernetes(image.kubernetes(), null))
                .hasMessageContaining("podbench.workspace.kubernetes.namespace must be set");

        WorkspaceRuntimeConfig relative = mapped(Map.of("podbench.workspace.kubernetes.default-image", "img",
                "podbench.workspace.kubernetes.repository-path", "repo.git"));
        assertThatThrownBy(() -> WorkspaceRuntimes.kubernetes(relative.kubernetes(), "ns"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("podbench.workspace.kubernetes: repositoryPath must be an absolute path");
    }
}
