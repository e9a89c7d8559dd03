package dev.podbench.workspace;

/**
 * The outcome of {@link WorkspaceRuntime#run}.
 *
 * @param exitCode  the process' exit code (128 + signal when killed by a signal)
 * @param stdout    standard output, decoded as UTF-8, at most {@link Command#maxOutputBytes()}
 * @param stderr    standard error, decoded as UTF-8, at most {@link Command#maxOutputBytes()}
 * @param truncated whether output beyond the limit was dropped
 */
public record CommandResult(int exitCode, String stdout, String stderr, boolean truncated) {

    public boolean succeeded() {
        return exitCode == 0;
    }
}
