package dev.podbench.workspace.kubernetes;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.podbench.workspace.CapacityReachedException;
import io.fabric8.kubernetes.api.model.Pod;

/**
 * Where a repository's next session goes: the least-loaded pod with fewer than M sessions; else a new pod at the
 * lowest free index while fewer than N exist; else the repository is full ({@link CapacityReachedException}).
 * Pure: it reads the pods as listed and decides; the runtime creates and deletes.
 */
final class PodPlacement {

    private final int maxPodsPerRepository;
    private final int maxSessionsPerPod;

    PodPlacement(int maxPodsPerRepository, int maxSessionsPerPod) {
        this.maxPodsPerRepository = maxPodsPerRepository;
        this.maxSessionsPerPod = maxSessionsPerPod;
    }

    /**
     * @param existing a pod to use, or null
     * @param newIndex the index of the pod to create when {@code existing} is null; -1 when the repository is full
     * @param ended    pods that have ended ({@code Failed}/{@code Succeeded}): to be deleted whatever the decision
     */
    record Decision(String existing, int newIndex, List<Pod> ended) {

        boolean full() {
            return existing == null && newIndex < 0;
        }
    }

    /**
     * @param pods the repository's pods, including terminating and ended ones
     * @param load active sessions by pod name
     */
    Decision place(String repositoryId, List<Pod> pods, Map<String, Integer> load) {
        Set<Integer> usedIndexes = new HashSet<>();
        List<Pod> usable = new ArrayList<>();
        List<Pod> ended = new ArrayList<>();
        for (Pod pod : pods) {
            usedIndexes.add(PodNames.indexOf(repositoryId, pod.getMetadata().getName()));
            if (pod.getMetadata().getDeletionTimestamp() != null) {
                continue;
            }
            if (RepositoryPods.isTerminal(pod)) {
                ended.add(pod);
                continue;
            }
            usable.add(pod);
        }
        Pod chosen = usable.stream()
                .filter(p -> load.getOrDefault(p.getMetadata().getName(), 0) < maxSessionsPerPod)
                .min(Comparator.comparingInt((Pod p) -> load.getOrDefault(p.getMetadata().getName(), 0)))
                .orElse(null);
        if (chosen != null) {
            return new Decision(chosen.getMetadata().getName(), -1, ended);
        }
        if (usable.size() < maxPodsPerRepository) {
            int index = 0;
            while (usedIndexes.contains(index)) {
                index++;
            }
            return new Decision(null, index, ended);
        }
        return new Decision(null, -1, ended);
    }

    CapacityReachedException full(String repositoryId) {
        return new CapacityReachedException(repositoryId, maxPodsPerRepository, maxSessionsPerPod);
    }
}
