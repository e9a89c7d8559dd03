package dev.podbench.workspace.config;

import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

import dev.podbench.workspace.AsyncKeyedLock;
import dev.podbench.workspace.WorkspaceRuntime;
import dev.podbench.workspace.kubernetes.KubernetesRuntimeConfig;
import dev.podbench.workspace.kubernetes.RepositoryPodSecurity;
import dev.podbench.workspace.kubernetes.KubernetesWorkspaceRuntime;
import dev.podbench.workspace.local.LocalWorkspaceRuntime;
import io.fabric8.kubernetes.client.KubernetesClient;

/** Builds the runtime a {@link WorkspaceRuntimeConfig} names: the one place every service gets its runtime from. */
public final class WorkspaceRuntimes {

    private WorkspaceRuntimes() {
    }

    /**
     * @param kubernetesClient asked only for the {@code kubernetes} runtime (so {@code local} never configures one);
     *                         the caller owns it: closing the runtime does not close the client
     * @param podLocks         serializes pod work per repository; one per process, shared by its runtimes
     * @throws IllegalStateException naming the key to fix, when the runtime is unknown or a required key is missing
     */
    public static WorkspaceRuntime create(WorkspaceRuntimeConfig config, Supplier<KubernetesClient> kubernetesClient,
            AsyncKeyedLock podLocks) {
        String kind = config.runtime().strip();
        return switch (kind) {
            case LocalWorkspaceRuntime.KIND -> new LocalWorkspaceRuntime(config.local().root()
                    .orElseThrow(() -> new IllegalStateException(
                            "podbench.workspace.local.root must be set for the local workspace runtime")),
                    null, Duration.ofMinutes(30), Duration.ofSeconds(2), podLocks);
            case KubernetesWorkspaceRuntime.KIND -> {
                KubernetesClient client = kubernetesClient.get();
                yield new KubernetesWorkspaceRuntime(client, kubernetes(config.kubernetes(), client.getNamespace()), null,
                        podLocks);
            }
            default -> throw new IllegalStateException("podbench.workspace.runtime must be '" + LocalWorkspaceRuntime.KIND
                    + "' or '" + KubernetesWorkspaceRuntime.KIND + "', was '" + kind + "'");
        };
    }

    /**
     * The runtime's configuration from the mapped keys.
     *
     * @param clientNamespace the client's own namespace, used when {@code podbench.workspace.kubernetes.namespace} is
     *                        unset
     */
    public static KubernetesRuntimeConfig kubernetes(WorkspaceRuntimeConfig.Kubernetes k8s, String clientNamespace) {
        String namespace = k8s.namespace().filter(n -> !n.isBlank()).orElse(clientNamespace);
        if (namespace == null || namespace.isBlank()) {
            throw new IllegalStateException("podbench.workspace.kubernetes.namespace must be set (the Kubernetes "
                    + "client has no namespace of its own)");
        }
        String image = k8s.defaultImage().filter(i -> !i.isBlank()).orElseThrow(() -> new IllegalStateException(
                "podbench.workspace.kubernetes.default-image must be set for the kubernetes workspace runtime"));
        try {
            return KubernetesRuntimeConfig.builder(namespace, image)
                    .containerName(k8s.containerName())
                    .repositoryPath(k8s.repositoryPath())
                    .worktreesPath(k8s.worktreesPath())
                    .maxPodsPerRepository(k8s.maxPodsPerRepository())
                    .maxSessionsPerPod(k8s.maxSessionsPerPod())
                    .podReadyTimeout(k8s.podReadyTimeout())
                    .cloneTimeout(k8s.cloneTimeout())
                    .commandTimeout(k8s.commandTimeout())
                    .resourceRequests(k8s.resourceRequests())
                    .resourceLimits(k8s.resourceLimits())
                    .serviceAccount(k8s.serviceAccount().orElse(null))
                    .imagePullPolicy(k8s.imagePullPolicy().orElse(null))
                    .labels(k8s.labels())
                    .idleCommand(k8s.idleCommand().orElse(List.of()))
                    .envFromSecrets(k8s.envFromSecrets().orElse(List.of()))
                    .podSecurity(podSecurity(k8s.podSecurity()))
                    .build();
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("podbench.workspace.kubernetes: " + e.getMessage(), e);
        }
    }

    private static RepositoryPodSecurity podSecurity(WorkspaceRuntimeConfig.PodSecurity keys) {
        RepositoryPodSecurity defaults = RepositoryPodSecurity.defaults();
        return new RepositoryPodSecurity(keys.runAsUser().orElse(defaults.runAsUser()),
                keys.runAsGroup().orElse(defaults.runAsGroup()),
                keys.readOnlyRootFilesystem().orElse(defaults.readOnlyRootFilesystem()),
                keys.writablePaths().orElse(defaults.writablePaths()));
    }
}
