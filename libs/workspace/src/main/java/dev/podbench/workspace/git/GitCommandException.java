package dev.podbench.workspace.git;

import java.util.List;

/** A git command exited with a non-zero code that has no more specific meaning. */
public class GitCommandException extends WorktreeException {

    private final List<String> argv;
    private final int exitCode;
    private final String stderr;

    public GitCommandException(List<String> argv, int exitCode, String stderr) {
        super(describe(argv, exitCode, stderr));
        this.argv = List.copyOf(argv);
        this.exitCode = exitCode;
        this.stderr = stderr == null ? "" : stderr;
    }

    private static String describe(List<String> argv, int exitCode, String stderr) {
        String subcommand = argv.size() > 1 ? argv.get(0) + " " + argv.get(1) : String.join(" ", argv);
        String detail = stderr == null ? "" : stderr.strip();
        if (detail.length() > 500) {
            detail = detail.substring(0, 500) + "...";
        }
        return "'" + subcommand + "' failed with exit code " + exitCode + (detail.isEmpty() ? "" : ": " + detail);
    }

    public List<String> argv() {
        return argv;
    }

    public int exitCode() {
        return exitCode;
    }

    public String stderr() {
        return stderr;
    }
}
