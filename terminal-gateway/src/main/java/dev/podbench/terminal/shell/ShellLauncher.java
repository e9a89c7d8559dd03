package dev.podbench.terminal.shell;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.podbench.events.session.SessionSnapshot;
import dev.podbench.terminal.config.TerminalConfig;
import dev.podbench.terminal.config.TerminalConfig.TmuxMode;
import dev.podbench.workspace.Command;
import dev.podbench.workspace.PodRef;
import dev.podbench.workspace.TtySize;
import dev.podbench.workspace.WorkspaceRuntime;
import dev.podbench.workspace.tmux.TmuxCommands;
import io.smallrye.mutiny.Uni;

/**
 * Starts a viewer's shell in the session's worktree, through whichever workspace runtime hosts the pod: a tmux
 * client of its own when the pod has tmux, otherwise a viewer of a shared plain shell.
 */
@ApplicationScoped
public class ShellLauncher {

    private static final Logger LOG = Logger.getLogger(ShellLauncher.class);

    private final WorkspaceRuntime runtime;
    private final TerminalConfig config;
    /** Whether a pod has tmux; asked once per pod (an image without it does not grow it later). */
    private final ConcurrentMap<String, Boolean> tmuxInPod = new ConcurrentHashMap<>();
    /** Plain shells by tmux-style terminal name, alive across reconnects. */
    private final ConcurrentMap<String, Uni<PlainShell>> plainShells = new ConcurrentHashMap<>();

    public ShellLauncher(WorkspaceRuntime runtime, TerminalConfig config) {
        this.runtime = runtime;
        this.config = config;
    }

    Uni<ShellAttachment> attach(SessionSnapshot session, String terminalName, TtySize size) {
        PodRef pod = new PodRef(session.pod(), session.repositoryId(), null, null);
        return useTmux(pod, session.worktreePath()).chain(tmux -> tmux
                ? attachTmux(pod, session, terminalName, size)
                : attachPlain(pod, session, terminalName, size));
    }

    /** Ends the plain shells of a finished session (tmux sessions are session-service's to kill). */
    void sessionFinished(String sessionId) {
        plainShells.keySet().removeIf(key -> {
            if (TmuxCommands.belongsTo(key, sessionId)) {
                plainShells.get(key).subscribe().with(PlainShell::kill, failure -> {
                });
                return true;
            }
            return false;
        });
    }

    private Uni<ShellAttachment> attachTmux(PodRef pod, SessionSnapshot session, String name, TtySize size) {
        List<String> argv = TmuxCommands.attachOrCreate(session.sessionId(), name, session.worktreePath(),
                config.shell().program().orElse(List.of()), ShellPrompt.environment(session.repositoryName()));
        return runtime.start(pod, command(argv, session.worktreePath(), size, Map.of())).map(TmuxAttachment::new);
    }

    private Uni<ShellAttachment> attachPlain(PodRef pod, SessionSnapshot session, String name, TtySize size) {
        String key = TmuxCommands.tmuxSessionName(session.sessionId(), name);
        Uni<PlainShell> shell = plainShells.computeIfAbsent(key, k -> runtime
                .start(pod, command(config.shell().program().orElse(List.of(config.shell().plainShell(), "-l")),
                        session.worktreePath(), size, ShellPrompt.environment(session.repositoryName())))
                .map(process -> {
                    PlainShell started = new PlainShell(process, config.shell().replayBufferBytes(),
                            config.flowControl().maxFrame());
                    started.exitCode().subscribe().with(code -> plainShells.remove(k), failure -> plainShells.remove(k));
                    return started;
                })
                .onFailure().invoke(() -> plainShells.remove(k))
                .memoize().indefinitely());
        return shell.map(PlainShell::attach).invoke(viewer -> viewer.resize(size));
    }

    private Command command(List<String> argv, String directory, TtySize size, Map<String, String> environment) {
        Map<String, String> env = new java.util.HashMap<>(environment);
        env.put("TERM", config.shell().term());
        return new Command(argv, directory, Map.copyOf(env), size, null, 0);
    }

    private Uni<Boolean> useTmux(PodRef pod, String directory) {
        TmuxMode mode = config.shell().tmux();
        if (mode != TmuxMode.AUTO) {
            return Uni.createFrom().item(mode == TmuxMode.TMUX);
        }
        Boolean known = tmuxInPod.get(pod.name());
        if (known != null) {
            return Uni.createFrom().item(known);
        }
        return runtime.run(pod, Command.of(directory, "tmux", "-V").withTimeout(Duration.ofSeconds(10)))
                .map(result -> result.succeeded())
                .onFailure().recoverWithItem(false)
                .invoke(found -> {
                    tmuxInPod.put(pod.name(), found);
                    if (!found) {
                        LOG.warnf("no tmux in pod %s: terminals fall back to plain shells", pod.name());
                    }
                });
    }
}
