package dev.podbench.workspace.kubernetes;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.podbench.workspace.RepositorySpec;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvFromSourceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;

/**
 * The pod a repository gets: labelled and annotated so it is found again, the repository's image (or the default)
 * idling, an emptyDir at the workspace root, the configured resources, secrets as environment, and no service
 * account token unless a service account is configured.
 */
final class PodManifest {

    private final KubernetesRuntimeConfig config;
    private final String workspaceRoot;

    PodManifest(KubernetesRuntimeConfig config, String workspaceRoot) {
        this.config = config;
        this.workspaceRoot = workspaceRoot;
    }

    Pod build(RepositorySpec spec, String name, int index) {
        Map<String, String> labels = new LinkedHashMap<>(config.labels());
        labels.put(PodNames.MANAGED_BY, PodNames.MANAGED_BY_VALUE);
        labels.put(PodNames.REPOSITORY_LABEL, PodNames.repositoryLabelValue(spec.id()));
        labels.put(PodNames.INDEX_LABEL, Integer.toString(index));
        String image = spec.image() == null || spec.image().isBlank() ? config.defaultImage() : spec.image();
        List<EnvFromSource> envFrom = config.envFromSecrets().stream()
                .map(secret -> new EnvFromSourceBuilder().withNewSecretRef().withName(secret).endSecretRef().build())
                .toList();
        List<Volume> volumes = new ArrayList<>();
        List<VolumeMount> mounts = new ArrayList<>();
        if (!"/".equals(workspaceRoot)) {
            volumes.add(new VolumeBuilder().withName("workspace").withNewEmptyDir().endEmptyDir().build());
            mounts.add(new VolumeMountBuilder().withName("workspace").withMountPath(workspaceRoot).build());
        }
        return config.podSecurity().applyTo(new PodBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(config.namespace())
                .withLabels(labels)
                .withAnnotations(Map.of(PodNames.REPOSITORY_ANNOTATION, spec.id()))
                .endMetadata()
                .withNewSpec()
                .withRestartPolicy("Always")
                .withServiceAccountName(config.serviceAccount())
                .withAutomountServiceAccountToken(config.serviceAccount() != null)
                .withTerminationGracePeriodSeconds(5L)
                .addNewContainer()
                .withName(config.containerName())
                .withImage(image)
                .withImagePullPolicy(config.imagePullPolicy())
                .withCommand(config.idleCommand())
                .withWorkingDir(workspaceRoot)
                .withEnvFrom(envFrom)
                .withVolumeMounts(mounts)
                .withResources(new ResourceRequirementsBuilder()
                        .withRequests(quantities(config.resourceRequests()))
                        .withLimits(quantities(config.resourceLimits())).build())
                .endContainer()
                .withVolumes(volumes)
                .endSpec()
                .build());
    }

    private static Map<String, Quantity> quantities(Map<String, String> values) {
        Map<String, Quantity> result = new LinkedHashMap<>();
        values.forEach((k, v) -> result.put(k, new Quantity(v)));
        return result;
    }
}
