package dev.podbench.workspace.tmux;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The argv of the tmux commands Podbench runs, in one place so the terminal gateway (attach) and the
 * session service (kill on end) agree on names. Podbench uses its own tmux server socket
 * ({@value #SOCKET}) so it never touches a user's own tmux sessions.
 *
 * <p>Naming: the default terminal of a Podbench session is {@code pb-<sessionId>}, a named one
 * {@code pb-<sessionId>--<name>}.
 */
public final class TmuxCommands {

    public static final String SOCKET = "podbench";
    public static final String DEFAULT_TERMINAL = "main";
    private static final Pattern TERMINAL_NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,31}");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern SESSION_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");

    private TmuxCommands() {
    }

    public static boolean isValidTerminalName(String name) {
        return name != null && TERMINAL_NAME.matcher(name).matches();
    }

    public static String tmuxSessionName(String sessionId, String terminalName) {
        requireValid(sessionId, terminalName);
        return DEFAULT_TERMINAL.equals(terminalName) ? prefix(sessionId) : prefix(sessionId) + "--" + terminalName;
    }

    /**
     * Attaches to the terminal's tmux session, creating it (a login shell in {@code directory}) when it does not
     * exist. The status bar is off (the dashboard shows the state) and scrollback is kept deep enough for a redraw.
     */
    public static List<String> attachOrCreate(String sessionId, String terminalName, String directory) {
        return attachOrCreate(sessionId, terminalName, directory, List.of());
    }

    /**
     * As {@link #attachOrCreate(String, String, String)}, but a new tmux session runs {@code program} (an argv)
     * instead of the user's login shell; an empty list keeps the login shell.
     */
    public static List<String> attachOrCreate(String sessionId, String terminalName, String directory,
            List<String> program) {
        return attachOrCreate(sessionId, terminalName, directory, program, Map.of());
    }

    /**
     * As {@link #attachOrCreate(String, String, String, List)}, with variables set in a new tmux session's
     * environment ({@code new-session -e}, tmux 3.2+); attaching to an existing session leaves its environment.
     */
    public static List<String> attachOrCreate(String sessionId, String terminalName, String directory,
            List<String> program, Map<String, String> environment) {
        String name = tmuxSessionName(sessionId, terminalName);
        List<String> argv = new ArrayList<>(List.of("tmux", "-L", SOCKET, "-u",
                "new-session", "-A", "-s", name, "-c", directory));
        new TreeMap<>(environment).forEach((key, value) -> {
            if (!ENV_NAME.matcher(key).matches()) {
                throw new IllegalArgumentException("not an environment variable name: " + key);
            }
            argv.addAll(List.of("-e", key + "=" + value));
        });
        if (program.stream().anyMatch(";"::equals)) {
            throw new IllegalArgumentException("a terminal program must not contain a tmux command separator");
        }
        argv.addAll(program);
        argv.addAll(List.of(";", "set-option", "-t", name, "status", "off"));
        argv.addAll(List.of(";", "set-option", "-t", name, "history-limit", "20000"));
        argv.addAll(List.of(";", "set-window-option", "-t", name, "window-size", "latest"));
        return List.copyOf(argv);
    }

    /** Lists the tmux sessions (all Podbench sessions share the socket); output one name per line. */
    public static List<String> listSessions() {
        return List.of("tmux", "-L", SOCKET, "list-sessions", "-F", "#{session_name}");
    }

    public static List<String> killSession(String tmuxSessionName) {
        return List.of("tmux", "-L", SOCKET, "kill-session", "-t", "=" + tmuxSessionName);
    }

    /** Whether a tmux session (from {@link #listSessions()}) belongs to the given Podbench session. */
    public static boolean belongsTo(String tmuxSessionName, String sessionId) {
        String prefix = prefix(sessionId);
        return tmuxSessionName.equals(prefix) || tmuxSessionName.startsWith(prefix + "--");
    }

    private static String prefix(String sessionId) {
        if (sessionId == null || !SESSION_ID.matcher(sessionId).matches()) {
            throw new IllegalArgumentException("invalid session id");
        }
        return "pb-" + sessionId;
    }

    private static void requireValid(String sessionId, String terminalName) {
        prefix(sessionId);
        if (!isValidTerminalName(terminalName)) {
            throw new IllegalArgumentException("terminal name must match " + TERMINAL_NAME.pattern());
        }
    }
}
