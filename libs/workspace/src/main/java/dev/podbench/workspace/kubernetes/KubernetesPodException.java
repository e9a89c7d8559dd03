package dev.podbench.workspace.kubernetes;

/** A repository pod could not be started or prepared (not Ready in time, image pull failure, failed clone, ...). */
public class KubernetesPodException extends RuntimeException {

    private final String podName;

    public KubernetesPodException(String podName, String message, Throwable cause) {
        super("pod " + podName + ": " + message, cause);
        this.podName = podName;
    }

    public String podName() {
        return podName;
    }
}
