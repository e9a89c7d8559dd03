package dev.podbench.workspace.kubernetes;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;

/**
 * How a repository pod is locked down: Pod Security "restricted" (non-root user, seccomp {@code RuntimeDefault},
 * every capability dropped, no privilege escalation) and, by default, a read-only root file system with an emptyDir
 * at each path user code must write to. The pod runs user code, so the namespace it lives in may enforce
 * "restricted" and refuse anything less.
 *
 * @param runAsUser              the container's user id: the workspace image's non-root user (deploy/images)
 * @param runAsGroup             its group id; also the pod's {@code fsGroup}, so the emptyDirs are writable
 * @param readOnlyRootFilesystem the image's file system is read-only; user code writes to the workspace and to
 *                               {@code writablePaths} only
 * @param writablePaths          absolute paths that get an emptyDir each when the root is read-only (the shell's
 *                               {@code /tmp}, the user's home with its tool caches and the agent's settings)
 */
public record RepositoryPodSecurity(long runAsUser, long runAsGroup, boolean readOnlyRootFilesystem,
        List<String> writablePaths) {

    /** The workspace image's user (deploy/images/workspace.Containerfile). */
    public static final long WORKSPACE_USER = 1000;
    public static final List<String> DEFAULT_WRITABLE_PATHS = List.of("/tmp", "/home/podbench");

    public RepositoryPodSecurity {
        if (runAsUser <= 0 || runAsGroup <= 0) {
            throw new IllegalArgumentException("repository pods run as a non-root user and group (ids above 0), was "
                    + runAsUser + ":" + runAsGroup);
        }
        writablePaths = writablePaths == null ? DEFAULT_WRITABLE_PATHS : List.copyOf(writablePaths);
        for (String path : writablePaths) {
            if (!path.startsWith("/") || path.contains("..") || path.length() < 2) {
                throw new IllegalArgumentException("writable paths must be absolute, was '" + path + "'");
            }
        }
    }

    public static RepositoryPodSecurity defaults() {
        return new RepositoryPodSecurity(WORKSPACE_USER, WORKSPACE_USER, true, DEFAULT_WRITABLE_PATHS);
    }

    /** {@code pod} with the security contexts set and, for a read-only root, the writable paths mounted. */
    Pod applyTo(Pod pod) {
        List<Volume> volumes = new ArrayList<>(pod.getSpec().getVolumes());
        List<VolumeMount> extraMounts = new ArrayList<>();
        if (readOnlyRootFilesystem) {
            List<String> mounted = pod.getSpec().getContainers().stream()
                    .flatMap(c -> c.getVolumeMounts().stream()).map(VolumeMount::getMountPath).toList();
            int index = 0;
            for (String path : new LinkedHashSet<>(writablePaths)) {
                if (mounted.contains(path)) {
                    continue;
                }
                String name = "writable-" + index++;
                volumes.add(new VolumeBuilder().withName(name).withNewEmptyDir().endEmptyDir().build());
                extraMounts.add(new VolumeMountBuilder().withName(name).withMountPath(path).build());
            }
        }
        List<Container> containers = pod.getSpec().getContainers().stream()
                .map(c -> new ContainerBuilder(c)
                        .addAllToVolumeMounts(extraMounts)
                        .withSecurityContext(new SecurityContextBuilder()
                                .withRunAsNonRoot(true)
                                .withRunAsUser(runAsUser)
                                .withRunAsGroup(runAsGroup)
                                .withAllowPrivilegeEscalation(false)
                                .withPrivileged(false)
                                .withReadOnlyRootFilesystem(readOnlyRootFilesystem)
                                .withNewCapabilities().withDrop("ALL").endCapabilities()
                                .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
                                .build())
                        .build())
                .toList();
        return new PodBuilder(pod)
                .editSpec()
                .withSecurityContext(new PodSecurityContextBuilder()
                        .withRunAsNonRoot(true)
                        .withRunAsUser(runAsUser)
                        .withRunAsGroup(runAsGroup)
                        .withFsGroup(runAsGroup)
                        .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
                        .build())
                .withContainers(containers)
                .withVolumes(volumes)
                .endSpec()
                .build();
    }
}
