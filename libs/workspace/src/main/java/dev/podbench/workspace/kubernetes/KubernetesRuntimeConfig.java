package dev.podbench.workspace.kubernetes;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Configuration of the {@code kubernetes} runtime. Credentials and the API server come from the fabric8
 * {@code KubernetesClient} given to the runtime (kubeconfig, or the in-cluster service account), not from here.
 *
 * @param namespace            where repository pods are created
 * @param defaultImage         image of a repository pod when the repository names none; needs {@code sh}, {@code git}
 *                             and the POSIX tools {@code test rm mkdir mv head} (tmux for persistent terminals)
 * @param containerName        name of the pod's single container
 * @param repositoryPath       absolute path of the bare clone inside the pod
 * @param worktreesPath        absolute directory of the sessions' worktrees inside the pod
 * @param maxPodsPerRepository at most this many pods per repository (N)
 * @param maxSessionsPerPod    a new pod is started only when every pod has this many active sessions (M)
 * @param podReadyTimeout      how long {@code ensurePod} waits for a pod to become Ready
 * @param cloneTimeout         how long the initial fetch inside a new pod may take
 * @param commandTimeout       limit of the runtime's own short commands (marker checks, git config)
 * @param resourceRequests     container resource requests, e.g. {@code cpu=500m, memory=1Gi}
 * @param resourceLimits       container resource limits
 * @param serviceAccount       the pod's service account; {@code null} → none mounted
 *                             ({@code automountServiceAccountToken=false}: user code gets no API token)
 * @param imagePullPolicy      {@code Always}, {@code IfNotPresent}, {@code Never} or {@code null} (cluster default)
 * @param labels               extra labels on every pod (the runtime's own labels win)
 * @param idleCommand          the container's command, keeping it alive without doing anything
 * @param envFromSecrets       secrets whose keys become environment variables of the container: the place for
 *                             credentials (git tokens, API keys), because the exec API has no environment and
 *                             {@code Command.env} must not carry them on a TTY (see the runtime's documentation)
 * @param podSecurity          the pods' user, security contexts and writable paths (Pod Security "restricted")
 */
public record KubernetesRuntimeConfig(
        String namespace,
        String defaultImage,
        String containerName,
        String repositoryPath,
        String worktreesPath,
        int maxPodsPerRepository,
        int maxSessionsPerPod,
        Duration podReadyTimeout,
        Duration cloneTimeout,
        Duration commandTimeout,
        Map<String, String> resourceRequests,
        Map<String, String> resourceLimits,
        String serviceAccount,
        String imagePullPolicy,
        Map<String, String> labels,
        List<String> idleCommand,
        List<String> envFromSecrets,
        RepositoryPodSecurity podSecurity) {

    public KubernetesRuntimeConfig {
        requireText(namespace, "namespace");
        requireText(defaultImage, "defaultImage");
        containerName = containerName == null ? "workspace" : containerName;
        repositoryPath = requireAbsolute(repositoryPath == null ? "/workspace/repo.git" : repositoryPath,
                "repositoryPath");
        worktreesPath = requireAbsolute(worktreesPath == null ? "/workspace/worktrees" : worktreesPath,
                "worktreesPath");
        if (maxPodsPerRepository < 1 || maxSessionsPerPod < 1) {
            throw new IllegalArgumentException("maxPodsPerRepository and maxSessionsPerPod must be at least 1");
        }
        podReadyTimeout = Objects.requireNonNullElse(podReadyTimeout, Duration.ofMinutes(5));
        cloneTimeout = Objects.requireNonNullElse(cloneTimeout, Duration.ofMinutes(30));
        commandTimeout = Objects.requireNonNullElse(commandTimeout, Duration.ofMinutes(1));
        resourceRequests = resourceRequests == null ? Map.of() : Map.copyOf(resourceRequests);
        resourceLimits = resourceLimits == null ? Map.of() : Map.copyOf(resourceLimits);
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        idleCommand = idleCommand == null || idleCommand.isEmpty() ? List.of("sleep", "infinity")
                : List.copyOf(idleCommand);
        envFromSecrets = envFromSecrets == null ? List.of() : List.copyOf(envFromSecrets);
        podSecurity = Objects.requireNonNullElse(podSecurity, RepositoryPodSecurity.defaults());
    }

    /** Defaults: container {@code workspace}, {@code /workspace/repo.git}, {@code /workspace/worktrees}, 1 pod of 10 sessions. */
    public static Builder builder(String namespace, String defaultImage) {
        return new Builder(namespace, defaultImage);
    }

    public Builder toBuilder() {
        Builder b = new Builder(namespace, defaultImage);
        b.containerName = containerName;
        b.repositoryPath = repositoryPath;
        b.worktreesPath = worktreesPath;
        b.maxPodsPerRepository = maxPodsPerRepository;
        b.maxSessionsPerPod = maxSessionsPerPod;
        b.podReadyTimeout = podReadyTimeout;
        b.cloneTimeout = cloneTimeout;
        b.commandTimeout = commandTimeout;
        b.resourceRequests = resourceRequests;
        b.resourceLimits = resourceLimits;
        b.serviceAccount = serviceAccount;
        b.imagePullPolicy = imagePullPolicy;
        b.labels = labels;
        b.idleCommand = idleCommand;
        b.envFromSecrets = envFromSecrets;
        b.podSecurity = podSecurity;
        return b;
    }

    private static void requireText(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " must be set");
        }
    }

    private static String requireAbsolute(String path, String what) {
        if (!path.startsWith("/") || path.contains("/../") || path.endsWith("/..") || path.length() < 2) {
            throw new IllegalArgumentException(what + " must be an absolute path, was '" + path + "'");
        }
        return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    /** Mutable builder; {@link #build()} validates. */
    public static final class Builder {
        private String namespace;
        private String defaultImage;
        private String containerName;
        private String repositoryPath;
        private String worktreesPath;
        private int maxPodsPerRepository = 1;
        private int maxSessionsPerPod = 10;
        private Duration podReadyTimeout;
        private Duration cloneTimeout;
        private Duration commandTimeout;
        private Map<String, String> resourceRequests = Map.of();
        private Map<String, String> resourceLimits = Map.of();
        private String serviceAccount;
        private String imagePullPolicy;
        private Map<String, String> labels = Map.of();
        private List<String> idleCommand;
        private List<String> envFromSecrets = List.of();
        private RepositoryPodSecurity podSecurity;

        private Builder(String namespace, String defaultImage) {
            this.namespace = namespace;
            this.defaultImage = defaultImage;
        }

        public Builder namespace(String value) { namespace = value; return this; }
        public Builder defaultImage(String value) { defaultImage = value; return this; }
        public Builder containerName(String value) { containerName = value; return this; }
        public Builder repositoryPath(String value) { repositoryPath = value; return this; }
        public Builder worktreesPath(String value) { worktreesPath = value; return this; }
        public Builder maxPodsPerRepository(int value) { maxPodsPerRepository = value; return this; }
        public Builder maxSessionsPerPod(int value) { maxSessionsPerPod = value; return this; }
        public Builder podReadyTimeout(Duration value) { podReadyTimeout = value; return this; }
        public Builder cloneTimeout(Duration value) { cloneTimeout = value; return this; }
        public Builder commandTimeout(Duration value) { commandTimeout = value; return this; }
        public Builder resourceRequests(Map<String, String> value) { resourceRequests = value; return this; }
        public Builder resourceLimits(Map<String, String> value) { resourceLimits = value; return this; }
        public Builder serviceAccount(String value) { serviceAccount = value; return this; }
        public Builder imagePullPolicy(String value) { imagePullPolicy = value; return this; }
        public Builder idleCommand(List<String> value) { idleCommand = value; return this; }
        public Builder envFromSecrets(List<String> value) { envFromSecrets = value; return this; }
        public Builder podSecurity(RepositoryPodSecurity value) { podSecurity = value; return this; }

        public Builder labels(Map<String, String> value) {
            labels = value == null ? Map.of() : new LinkedHashMap<>(value);
            return this;
        }

        public KubernetesRuntimeConfig build() {
            return new KubernetesRuntimeConfig(namespace, defaultImage, containerName, repositoryPath, worktreesPath,
                    maxPodsPerRepository, maxSessionsPerPod, podReadyTimeout, cloneTimeout, commandTimeout,
                    resourceRequests, resourceLimits, serviceAccount, imagePullPolicy, labels, idleCommand,
                    envFromSecrets, podSecurity);
        }
    }
}
