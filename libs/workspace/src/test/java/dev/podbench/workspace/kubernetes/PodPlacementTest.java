package dev.podbench.workspace.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;

/** Placement as a pure decision: no cluster. */
class PodPlacementTest {

    private static final String REPO = "acme-web";
    private final PodPlacement placement = new PodPlacement(2, 2);

    private static Pod pod(int index, String phase, boolean terminating) {
        PodBuilder pod = new PodBuilder().withNewMetadata().withName(PodNames.podName(REPO, index))
                .withDeletionTimestamp(terminating ? "2026-12-06T00:00:00Z" : null).endMetadata()
                .withNewStatus().withPhase(phase).endStatus();
        return pod.build();
    }

    @Test
    void theLeastLoadedPodWithRoomIsUsed() {
        PodPlacement.Decision d = placement.place(REPO, List.of(pod(0, "Running", false), pod(1, "Running", false)),
                Map.of("pb-acme-web-0", 1, "pb-acme-web-1", 0));
        assertThat(d.existing()).isEqualTo("pb-acme-web-1");
        assertThat(d.full()).isFalse();
    }

    @Test
    void aNewPodTakesTheLowestFreeIndexWhileFewerThanTheMaximumExist() {
        PodPlacement.Decision d = placement.place(REPO, List.of(pod(1, "Running", false)), Map.of("pb-acme-web-1", 2));
        assertThat(d.existing()).isNull();
        assertThat(d.newIndex()).isZero();
    }

    @Test
    void aTerminatingPodKeepsItsIndexAndAnEndedOneIsToBeDeleted() {
        Pod ended = pod(1, "Failed", false);
        PodPlacement.Decision d = placement.place(REPO, List.of(pod(0, "Running", true), ended), Map.of());
        assertThat(d.ended()).containsExactly(ended);
        assertThat(d.newIndex()).isEqualTo(2);
    }

    @Test
    void everyPodFullAndTheMaximumReachedIsFull() {
        PodPlacement.Decision d = placement.place(REPO, List.of(pod(0, "Running", false), pod(1, "Running", false)),
                Map.of("pb-acme-web-0", 2, "pb-acme-web-1", 2));
        assertThat(d.full()).isTrue();
        assertThat(placement.full(REPO)).hasMessageContaining(REPO);
    }
}
