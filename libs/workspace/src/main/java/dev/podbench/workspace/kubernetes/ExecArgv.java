package dev.podbench.workspace.kubernetes;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * How a {@link dev.podbench.workspace.Command} becomes an exec argv. The exec API has neither a working directory nor
 * an environment, so every command runs under a fixed {@code sh} script that changes directory, exports the
 * variables and {@code exec}s the command's own argv. The scripts are constants; the directory, the variables and
 * the argv are only ever passed as separate arguments or data, never spliced into shell text.
 *
 * <ul>
 * <li>Without a TTY the variables travel on <b>stdin</b>, one {@code NAME=VALUE} line each, ended by an empty line,
 * so they appear neither in the exec URL (API server audit log) nor in the pod's process list. {@code run} then
 * gives the command {@code /dev/null} as stdin; {@code start} hands the rest of stdin to the command.</li>
 * <li>With a TTY stdin is the terminal (it would echo), so the variables are first written to a private file
 * ({@code umask 077}) by a separate exec (stdin, exact byte count), which the TTY script reads and deletes.</li>
 * </ul>
 * Values must not contain a newline or NUL. {@code TERM=xterm-256color} is set for TTYs.
 */
final class ExecArgv {

    static final String SCRIPT_NAME = "podbench-exec";

    /** $1 = directory; then the argv. Reads the environment block from stdin, runs the command with stdin empty. */
    static final String RUN_SCRIPT = "cd -- \"$1\" || exit 126; shift; "
            + "while IFS= read -r podbench_env && [ -n \"$podbench_env\" ]; do export \"$podbench_env\" || exit 126; done; "
            + "exec \"$@\" </dev/null";

    /** As {@link #RUN_SCRIPT}, but the command keeps reading stdin. */
    static final String STREAM_SCRIPT = "cd -- \"$1\" || exit 126; shift; "
            + "while IFS= read -r podbench_env && [ -n \"$podbench_env\" ]; do export \"$podbench_env\" || exit 126; done; "
            + "exec \"$@\"";

    /** $1 = directory, $2 = environment file or empty; then the argv. */
    static final String TTY_SCRIPT = "cd -- \"$1\" || exit 126; export TERM=xterm-256color; "
            + "if [ -n \"$2\" ]; then while IFS= read -r podbench_env; do export \"$podbench_env\" || exit 126; done < \"$2\"; "
            + "rm -f -- \"$2\"; fi; shift 2; exec \"$@\"";

    /** $1 = file, $2 = byte count: stores exactly that many bytes of stdin in a new private file. */
    static final String ENV_FILE_SCRIPT = "set -C; umask 077; head -c \"$2\" > \"$1\"";

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private ExecArgv() {
    }

    static List<String> run(String dir, List<String> argv) {
        return wrap(RUN_SCRIPT, List.of(dir), argv);
    }

    static List<String> stream(String dir, List<String> argv) {
        return wrap(STREAM_SCRIPT, List.of(dir), argv);
    }

    static List<String> tty(String dir, String envFile, List<String> argv) {
        return wrap(TTY_SCRIPT, List.of(dir, envFile == null ? "" : envFile), argv);
    }

    static List<String> envFile(String file, int bytes) {
        return wrap(ENV_FILE_SCRIPT, List.of(file, Integer.toString(bytes)), List.of());
    }

    private static List<String> wrap(String script, List<String> params, List<String> argv) {
        List<String> result = new ArrayList<>(4 + params.size() + argv.size());
        result.add("sh");
        result.add("-c");
        result.add(script);
        result.add(SCRIPT_NAME);
        result.addAll(params);
        result.addAll(argv);
        return result;
    }

    /** {@code NAME=VALUE\n} per variable (without the terminating empty line). */
    static byte[] envLines(Map<String, String> env) {
        StringBuilder sb = new StringBuilder();
        env.forEach((name, value) -> {
            if (!NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("invalid environment variable name '" + name + "'");
            }
            if (value.indexOf('\n') >= 0 || value.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("environment variable " + name
                        + " contains a newline or NUL, which the kubernetes runtime cannot pass");
            }
            sb.append(name).append('=').append(value).append('\n');
        });
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The stdin block of {@link #RUN_SCRIPT} / {@link #STREAM_SCRIPT}: the variables and an empty line. */
    static byte[] envBlock(Map<String, String> env) {
        byte[] lines = envLines(env);
        byte[] block = new byte[lines.length + 1];
        System.arraycopy(lines, 0, block, 0, lines.length);
        block[lines.length] = '\n';
        return block;
    }
}
