package dev.podbench.workspace;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A command to run in a pod. Always an argv array: nothing is ever handed to a shell for parsing.
 *
 * @param argv            program and arguments
 * @param workingDir      absolute directory inside the pod
 * @param env             extra environment variables (secrets go here, never in argv)
 * @param tty             initial terminal size, or {@code null} for no TTY
 * @param timeout         how long {@link WorkspaceRuntime#run} waits before killing the process; {@code null} for no limit
 * @param maxOutputBytes  how much of stdout and of stderr {@link WorkspaceRuntime#run} keeps (each)
 */
public record Command(List<String> argv, String workingDir, Map<String, String> env, TtySize tty, Duration timeout,
        int maxOutputBytes) {

    public static final int DEFAULT_MAX_OUTPUT = 1 << 20;

    public Command {
        if (argv == null || argv.isEmpty()) {
            throw new IllegalArgumentException("argv must not be empty");
        }
        argv = List.copyOf(argv);
        env = env == null ? Map.of() : Map.copyOf(env);
        if (maxOutputBytes <= 0) {
            maxOutputBytes = DEFAULT_MAX_OUTPUT;
        }
    }

    public static Command of(String workingDir, String... argv) {
        return new Command(List.of(argv), workingDir, Map.of(), null, Duration.ofMinutes(5), DEFAULT_MAX_OUTPUT);
    }

    public Command withEnv(Map<String, String> extraEnv) {
        return new Command(argv, workingDir, extraEnv, tty, timeout, maxOutputBytes);
    }

    public Command withTty(TtySize size) {
        return new Command(argv, workingDir, env, size, timeout, maxOutputBytes);
    }

    public Command withTimeout(Duration newTimeout) {
        return new Command(argv, workingDir, env, tty, newTimeout, maxOutputBytes);
    }
}
