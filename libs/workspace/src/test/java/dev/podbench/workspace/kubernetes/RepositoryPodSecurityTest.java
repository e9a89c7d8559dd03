package dev.podbench.workspace.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;

class RepositoryPodSecurityTest {

    @Test
    void rootIsRefused() {
        assertThatThrownBy(() -> new RepositoryPodSecurity(0, 1000, true, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("non-root");
        assertThatThrownBy(() -> new RepositoryPodSecurity(1000, 0, true, null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void writablePathsMustBeAbsolute() {
        assertThatThrownBy(() -> new RepositoryPodSecurity(1000, 1000, true, List.of("tmp")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'tmp'");
        assertThatThrownBy(() -> new RepositoryPodSecurity(1000, 1000, true, List.of("/home/../etc")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aPathThatIsAlreadyMountedGetsNoSecondVolume() {
        Pod pod = new PodBuilder().withNewSpec()
                .addNewVolume().withName("workspace").withNewEmptyDir().endEmptyDir().endVolume()
                .addNewContainer().withName("c").addNewVolumeMount().withName("workspace").withMountPath("/workspace")
                .endVolumeMount().endContainer()
                .endSpec().build();

        Pod hardened = new RepositoryPodSecurity(1000, 1000, true, List.of("/workspace", "/tmp", "/tmp")).applyTo(pod);

        assertThat(hardened.getSpec().getContainers().get(0).getVolumeMounts()).extracting(VolumeMount::getMountPath)
                .containsExactly("/workspace", "/tmp");
        assertThat(hardened.getSpec().getVolumes()).hasSize(2);
    }
}
