package dev.podbench.workspace.kubernetes;

import java.net.HttpURLConnection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.jboss.logging.Logger;

import dev.podbench.workspace.RepositorySpec;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.KubernetesClientTimeoutException;
import io.fabric8.kubernetes.client.readiness.Readiness;

/**
 * The repository pods as the API server has them: found by label and annotation (never by memory), created from
 * the {@link PodManifest}, awaited until Ready (failing early on states that waiting will not mend), deleted.
 * Blocking calls.
 */
final class RepositoryPods {

    private static final Logger LOG = Logger.getLogger(RepositoryPods.class);
    private static final Set<String> FATAL_WAITING = Set.of("ErrImagePull", "ImagePullBackOff", "InvalidImageName",
            "CreateContainerConfigError", "CreateContainerError", "CrashLoopBackOff");

    private final KubernetesClient client;
    private final KubernetesRuntimeConfig config;
    private final PodManifest manifest;

    RepositoryPods(KubernetesClient client, KubernetesRuntimeConfig config, PodManifest manifest) {
        this.client = client;
        this.config = config;
        this.manifest = manifest;
    }

    /** The repository's pods (including terminating and ended ones), by index. */
    List<Pod> list(String repositoryId) {
        return client.pods().inNamespace(config.namespace())
                .withLabel(PodNames.MANAGED_BY, PodNames.MANAGED_BY_VALUE)
                .withLabel(PodNames.REPOSITORY_LABEL, PodNames.repositoryLabelValue(repositoryId))
                .list().getItems().stream()
                .filter(p -> {
                    Map<String, String> annotations = p.getMetadata().getAnnotations();
                    return annotations != null && repositoryId.equals(annotations.get(PodNames.REPOSITORY_ANNOTATION));
                })
                .sorted(Comparator.comparingInt(p -> PodNames.indexOf(repositoryId, p.getMetadata().getName())))
                .toList();
    }

    /** Creates the pod; one another process created in the meantime (409) is used. */
    void create(RepositorySpec spec, String name, int index) {
        Pod pod = manifest.build(spec, name, index);
        try {
            client.pods().inNamespace(config.namespace()).resource(pod).create();
            LOG.infof("pod %s created for repository %s (image %s)", name, spec.id(),
                    pod.getSpec().getContainers().get(0).getImage());
        } catch (KubernetesClientException e) {
            if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
                throw e;
            }
            LOG.debugf("pod %s already exists; using it", name);
        }
    }

    Pod awaitReady(String name) {
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

    /** The pod if it exists and Podbench manages it; null if it is gone. */
    Pod managed(String name) {
        Pod existing = client.pods().inNamespace(config.namespace()).withName(name).get();
        if (existing == null) {
            return null;
        }
        Map<String, String> labels = existing.getMetadata().getLabels();
        if (labels == null || !PodNames.MANAGED_BY_VALUE.equals(labels.get(PodNames.MANAGED_BY))) {
            throw new IllegalArgumentException("pod " + name + " is not managed by Podbench; not deleting it");
        }
        return existing;
    }

    void delete(String name) {
        client.pods().inNamespace(config.namespace()).withName(name).delete();
        LOG.infof("pod %s deleted", name);
    }

    void deleteEnded(Pod pod) {
        String name = pod.getMetadata().getName();
        LOG.warnf("pod %s has ended (%s); deleting it", name, pod.getStatus().getPhase());
        try {
            client.pods().inNamespace(config.namespace()).withName(name).delete();
        } catch (KubernetesClientException e) {
            LOG.debugf(e, "deleting pod %s", name);
        }
    }

    static boolean isTerminal(Pod pod) {
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
}
