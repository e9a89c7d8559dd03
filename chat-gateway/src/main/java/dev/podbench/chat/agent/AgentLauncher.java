package dev.podbench.chat.agent;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.podbench.chat.config.ChatConfig;
import dev.podbench.events.session.SessionSnapshot;
import dev.podbench.workspace.Command;
import dev.podbench.workspace.PodRef;
import dev.podbench.workspace.ProcessStream;
import dev.podbench.workspace.WorkspaceRuntime;
import io.smallrye.mutiny.Uni;

/** Starts a session's agent in its worktree, in its pod. */
@ApplicationScoped
public class AgentLauncher {

    private static final Logger LOG = Logger.getLogger(AgentLauncher.class);

    private final ChatConfig config;
    private final WorkspaceRuntime runtime;

    public AgentLauncher(ChatConfig config, WorkspaceRuntime runtime) {
        this.config = config;
        this.runtime = runtime;
    }

    /** The session must have a worktree; {@code resumeId} null starts a new conversation. */
    public Uni<ProcessStream> start(SessionSnapshot session, String model, String resumeId, String permissionMode) {
        Command command = new Command(AgentCommandLine.argv(config, model, resumeId, permissionMode),
                session.worktreePath(),
                AgentCommandLine.env(config), null, null, 0);
        String pod = session.pod() != null ? session.pod() : session.repositoryId();
        LOG.infof("session %s: starting agent %s (model %s%s)", session.sessionId(), config.agentCommand(), model,
                resumeId == null ? "" : ", resuming " + resumeId);
        try {
            return runtime.start(new PodRef(pod, session.repositoryId(), null, null), command);
        } catch (RuntimeException e) {
            return Uni.createFrom().failure(e);
        }
    }

    /** The executable, as the user configured it (for messages). */
    public String agentCommand() {
        return config.agentCommand();
    }
}
