package dev.podbench.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;


import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;

/** Every Deployment of every installation meets Pod Security "restricted" and more: the list of issue 15. */
class HardeningTest {

    @ForEachInstallation
    void bothNamespacesEnforceTheRestrictedProfile(String installation) {
        RenderedManifests rendered = RenderedManifests.of(installation);
        assertThat(rendered.all(Namespace.class)).extracting(n -> n.getMetadata().getName())
                .containsExactlyInAnyOrder("podbench", "podbench-workspaces");
        rendered.all(Namespace.class).forEach(n -> assertThat(n.getMetadata().getLabels())
                .as(n.getMetadata().getName()).containsEntry("pod-security.kubernetes.io/enforce", "restricted"));
    }

    @ForEachInstallation
    void everyDeploymentIsHardened(String installation) {
        List<Deployment> deployments = RenderedManifests.of(installation).all(Deployment.class);
        assertThat(deployments).hasSize(6);
        for (Deployment deployment : deployments) {
            String name = installation + ": " + deployment.getMetadata().getName();
            PodSpec pod = deployment.getSpec().getTemplate().getSpec();
            PodSecurityContext podSecurity = Objects.requireNonNull(pod.getSecurityContext(), name);
            assertThat(podSecurity.getRunAsNonRoot()).as(name).isTrue();
            assertThat(podSecurity.getRunAsUser()).as(name).isPositive();
            assertThat(podSecurity.getSeccompProfile().getType()).as(name).isEqualTo("RuntimeDefault");
            assertThat(pod.getHostNetwork()).as(name).isNotEqualTo(Boolean.TRUE);
            assertThat(pod.getHostPID()).as(name).isNotEqualTo(Boolean.TRUE);
            assertThat(pod.getVolumes()).as(name).allMatch(v -> v.getHostPath() == null);

            assertThat(pod.getInitContainers()).as(name).isEmpty();
            for (Container container : pod.getContainers()) {
                SecurityContext security = Objects.requireNonNull(container.getSecurityContext(), name);
                assertThat(security.getAllowPrivilegeEscalation()).as(name).isFalse();
                assertThat(security.getPrivileged()).as(name).isNotEqualTo(Boolean.TRUE);
                assertThat(security.getReadOnlyRootFilesystem()).as(name).isTrue();
                assertThat(security.getCapabilities().getDrop()).as(name).containsExactly("ALL");
                assertThat(security.getCapabilities().getAdd()).as(name).isNullOrEmpty();
                assertThat(security.getRunAsUser()).as(name + " runs as root").isNotEqualTo((Object) 0L);
                if (security.getSeccompProfile() != null) {
                    assertThat(security.getSeccompProfile().getType()).as(name).isEqualTo("RuntimeDefault");
                }

                // a read-only root: the JVM and Quarkus write below /tmp, which must be an emptyDir
                Set<String> emptyDirs = pod.getVolumes().stream().filter(v -> v.getEmptyDir() != null)
                        .map(Volume::getName).collect(Collectors.toSet());
                assertThat(container.getVolumeMounts()).as(name)
                        .anyMatch(m -> m.getMountPath().equals("/tmp") && emptyDirs.contains(m.getName()));

                Map<String, ?> requests = container.getResources().getRequests();
                Map<String, ?> limits = container.getResources().getLimits();
                assertThat(requests).as(name + " requests").containsKeys("cpu", "memory");
                assertThat(limits).as(name + " limits").containsKeys("cpu", "memory");

                probes(container.getStartupProbe(), name + " startup", "/q/health/started");
                probes(container.getReadinessProbe(), name + " readiness", "/q/health/ready");
                probes(container.getLivenessProbe(), name + " liveness", "/q/health/live");
            }
        }
    }

    private static void probes(Probe probe, String what, String path) {
        assertThat(probe).as(what).isNotNull();
        assertThat(probe.getHttpGet().getPath()).as(what).isEqualTo(path);
        assertThat(probe.getHttpGet().getPort().getStrVal()).as(what).isEqualTo("http");
    }
}
