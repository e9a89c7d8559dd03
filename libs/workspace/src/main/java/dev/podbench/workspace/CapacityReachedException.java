package dev.podbench.workspace;

/**
 * {@link WorkspaceRuntime#ensurePod(RepositorySpec, java.util.Map)} found every pod of the repository at its session
 * limit and may not start another one. Not a transient transport error: retrying only helps once sessions end.
 */
public class CapacityReachedException extends RuntimeException {

    private final String repositoryId;
    private final int maxPods;
    private final int maxSessionsPerPod;

    public CapacityReachedException(String repositoryId, int maxPods, int maxSessionsPerPod) {
        super("capacity reached for repository '" + repositoryId + "': " + maxPods + " pod(s) with "
                + maxSessionsPerPod + " session(s) each are in use");
        this.repositoryId = repositoryId;
        this.maxPods = maxPods;
        this.maxSessionsPerPod = maxSessionsPerPod;
    }

    public String repositoryId() {
        return repositoryId;
    }

    public int maxPods() {
        return maxPods;
    }

    public int maxSessionsPerPod() {
        return maxSessionsPerPod;
    }
}
