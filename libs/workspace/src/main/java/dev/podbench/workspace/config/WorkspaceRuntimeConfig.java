package dev.podbench.workspace.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The workspace runtime of a service ({@code podbench.workspace.*}): the same keys in every service that uses one
 * (session-service, terminal-gateway, chat-gateway), so they all agree on where the pods are. Built into a runtime by
 * {@link WorkspaceRuntimes#create}. The Kubernetes API server and its credentials are not here: they are the
 * Quarkus Kubernetes client's ({@code quarkus.kubernetes-client.*}, kubeconfig or the in-cluster service account).
 */
@ConfigMapping(prefix = "podbench.workspace")
public interface WorkspaceRuntimeConfig {

    /** {@code local} or {@code kubernetes}. */
    @WithDefault("local")
    String runtime();

    Local local();

    Kubernetes kubernetes();

    interface Local {
        /** The directory holding the local pods (one per repository, worktrees inside); required for {@code local}. */
        Optional<Path> root();
    }

    /** Every field of {@link dev.podbench.workspace.kubernetes.KubernetesRuntimeConfig}, plus the idle-pod timeout. */
    interface Kubernetes {

        /** Where repository pods live; unset: the client's namespace (kubeconfig context or the service account's). */
        Optional<String> namespace();

        /** Image of a repository pod when the repository names none; required for {@code kubernetes}. */
        Optional<String> defaultImage();

        @WithDefault("workspace")
        String containerName();

        /** Absolute path of the bare clone inside the pod. */
        @WithDefault("/workspace/repo.git")
        String repositoryPath();

        /** Absolute directory of the sessions' worktrees inside the pod. */
        @WithDefault("/workspace/worktrees")
        String worktreesPath();

        @WithDefault("1")
        int maxPodsPerRepository();

        @WithDefault("10")
        int maxSessionsPerPod();

        @WithDefault("5m")
        Duration podReadyTimeout();

        @WithDefault("30m")
        Duration cloneTimeout();

        @WithDefault("1m")
        Duration commandTimeout();

        /** Container resource requests, e.g. {@code resource-requests.cpu=500m}. */
        Map<String, String> resourceRequests();

        /** Container resource limits, e.g. {@code resource-limits.memory=2Gi}. */
        Map<String, String> resourceLimits();

        /** The pod's service account; unset: none, and no API token is mounted into user code's pod. */
        Optional<String> serviceAccount();

        /** {@code Always}, {@code IfNotPresent} or {@code Never}; unset: the cluster's default. */
        Optional<String> imagePullPolicy();

        /** Extra labels on every pod, e.g. {@code labels."app.kubernetes.io/part-of"=podbench}. */
        Map<String, String> labels();

        /** The container's command that keeps it alive doing nothing; unset: {@code sleep infinity}. */
        Optional<List<String>> idleCommand();

        /** Secrets whose keys become the container's environment (git tokens, API keys). */
        Optional<List<String>> envFromSecrets();

        /** A repository pod without an active session for this long is deleted (by session-service). */
        @WithDefault("30m")
        Duration idlePodTimeout();

        /** The pods' user and file system; unset keys: {@code RepositoryPodSecurity.defaults()}. */
        PodSecurity podSecurity();
    }

    /** {@link dev.podbench.workspace.kubernetes.RepositoryPodSecurity}'s fields. */
    interface PodSecurity {

        /** The workspace image's non-root user id. */
        Optional<Long> runAsUser();

        /** Its group id (also the pod's fsGroup). */
        Optional<Long> runAsGroup();

        Optional<Boolean> readOnlyRootFilesystem();

        /** Absolute paths given an emptyDir each when the root file system is read-only. */
        Optional<List<String>> writablePaths();
    }
}
