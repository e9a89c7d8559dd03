package dev.podbench.workspace.kubernetes;

import java.io.IOException;
import java.util.concurrent.CompletionException;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.client.dsl.ExecListener;

/**
 * Remembers the status an exec ended with (channel 3) and turns fabric8's exit code into Podbench's: {@code Success}
 * → 0, {@code NonZeroExitCode} → its {@code ExitCode} cause; a connection we closed ourselves (kill, timeout) →
 * 128 + signal; anything else is an error with the API server's message.
 */
final class ExecStatusListener implements ExecListener {

    static final int SIGHUP = 1;
    static final int SIGKILL = 9;
    static final int SIGTERM = 15;

    private volatile Status status;
    private volatile String closeReason;

    @Override
    public void onExit(int code, Status exitStatus) {
        this.status = exitStatus;
    }

    @Override
    public void onClose(int code, String reason) {
        this.closeReason = code + (reason == null || reason.isBlank() ? "" : " " + reason);
    }

    /**
     * @param code     fabric8's exit code ({@code null}: closed without a status; -1: a failure status)
     * @param killedBy the signal number when we closed the exec on purpose, else 0
     */
    int exitCode(Integer code, int killedBy, String what) {
        if (code != null && code >= 0) {
            return code;
        }
        if (killedBy > 0) {
            return 128 + killedBy;
        }
        Status s = status;
        String detail = s != null && s.getMessage() != null ? s.getMessage()
                : s != null && s.getReason() != null ? s.getReason()
                        : "connection closed without an exit status" + (closeReason == null ? "" : " (" + closeReason + ")");
        throw new CompletionException(new IOException("exec of '" + what + "' failed: " + detail));
    }
}
