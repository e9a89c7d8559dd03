package dev.podbench.workspace;

import java.time.Duration;

/**
 * {@link WorkspaceRuntime#run} failed because the command did not finish within {@link Command#timeout()}; the
 * process (and its descendants) were killed. Carries what the command had written until then.
 */
public class CommandTimeoutException extends RuntimeException {

    private final Duration timeout;
    private final transient CommandResult partialResult;

    public CommandTimeoutException(String program, Duration timeout, CommandResult partialResult) {
        super("'" + program + "' did not finish within " + timeout + " and was killed");
        this.timeout = timeout;
        this.partialResult = partialResult;
    }

    public Duration timeout() {
        return timeout;
    }

    /** Output collected before the kill; its exit code is the killed process' (usually 137). */
    public CommandResult partialResult() {
        return partialResult;
    }
}
