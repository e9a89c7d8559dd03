package dev.podbench.workspace.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import dev.podbench.workspace.AsyncKeyedLock;
import dev.podbench.workspace.WorkspaceRuntime;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * The {@link WorkspaceRuntime} bean of every Quarkus service that depends on this library (found through the
 * library's Jandex index): the runtime named by {@code podbench.workspace.runtime}. The Kubernetes client is
 * Quarkus' own ({@code quarkus-kubernetes-client}: kubeconfig or the in-cluster service account) and is only
 * created for the {@code kubernetes} runtime.
 */
@ApplicationScoped
public class WorkspaceRuntimeProducer {

    /** The application's one placement/clone lock per repository, shared by whatever runtime it builds. */
    private final AsyncKeyedLock podLocks = new AsyncKeyedLock();

    @Produces
    @Singleton
    WorkspaceRuntime runtime(WorkspaceRuntimeConfig config, Instance<KubernetesClient> kubernetesClient) {
        return WorkspaceRuntimes.create(config, kubernetesClient::get, podLocks);
    }

    /** Kills the processes and streams the runtime started (shells, agents); the client stays Quarkus'. */
    void close(@Disposes WorkspaceRuntime runtime) {
        runtime.close();
    }
}
