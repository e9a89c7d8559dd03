package dev.podbench.chat.agent;

import java.util.ArrayList;
import java.util.List;

import org.jboss.logging.Logger;

import dev.podbench.chat.agent.AgentStatus.State;
import dev.podbench.chat.events.ChatEventsPublisher;
import dev.podbench.chat.permission.PermissionGate;
import dev.podbench.chat.transcript.StoredEvent;
import dev.podbench.chat.transcript.TranscriptEntry;
import dev.podbench.chat.transcript.TranscriptNormalizer;
import dev.podbench.events.session.SessionSnapshot;
import dev.podbench.workspace.ProcessStream;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;

/**
 * The one agent process of a session, kept alive for the whole session: started on the first chat connection,
 * restarted with {@code --resume} when it dies (as {@link RestartPolicy} decides), restarted with the new
 * {@code --model} on a model change, stopped when the session ends. What the agent says is handled by
 * {@link AgentOutput}; the numbering and storing by {@link SessionTranscript}.
 *
 * <p>Threading: every piece of work (a chunk of agent output, a user message, a process exit) runs through the
 * session's {@link AgentWorkQueue}, one at a time, so the state below is only touched there.
 */
public final class AgentSupervisor implements AgentRunListener {

    private static final Logger LOG = Logger.getLogger(AgentSupervisor.class);

    private final String sessionId;
    private final LatestSnapshot session;
    private final AgentWorkQueue queue;
    private final RestartPolicy restarts;
    private final AgentLauncher launcher;
    private final AgentConversations conversations;
    private final SessionTranscript transcript;
    private final AgentOutput output;
    private final TranscriptNormalizer normalizer;
    private final ChatSubscribers subscribers;
    private final ChatEventsPublisher publisher;
    private final Vertx vertx;
    private final PermissionGate permissions;

    // --- state below is touched on the queue only
    private String conversationId;
    private String model;
    private AgentRun current;
    private boolean starting;
    private final List<String> pendingInput = new ArrayList<>();
    private int pendingTurns;
    private int failures;
    private long restartTimer = -1;
    private boolean stopped;
    private volatile AgentStatus status = new AgentStatus(State.STARTING, null, null, null, null);

    AgentSupervisor(String sessionId, LatestSnapshot session, AgentWorkQueue queue, RestartPolicy restarts,
            AgentLauncher launcher, AgentConversations conversations, SessionTranscript transcript,
            AgentOutput output, TranscriptNormalizer normalizer, ChatSubscribers subscribers,
            ChatEventsPublisher publisher, Vertx vertx, PermissionGate permissions) {
        this.sessionId = sessionId;
        this.session = session;
        this.queue = queue;
        this.restarts = restarts;
        this.launcher = launcher;
        this.conversations = conversations;
        this.transcript = transcript;
        this.output = output;
        this.normalizer = normalizer;
        this.subscribers = subscribers;
        this.publisher = publisher;
        this.vertx = vertx;
        this.permissions = permissions;
    }

    // ------------------------------------------------------------------------------------------- lifecycle

    /** Loads the numbering and the conversation to resume; creates the agent's row on first use. */
    Uni<AgentSupervisor> load() {
        return queue.call(() -> Panache.withTransaction(() -> transcript.load()
                .chain(() -> permissions.load())
                .chain(() -> conversations.loadOrCreate(session.get())))
                .invoke(row -> {
                    conversationId = row.agentSessionId;
                    model = row.model;
                    status = new AgentStatus(State.STARTING, null, model, conversationId, permissions.mode());
                })
                .replaceWith(this));
    }

    public String sessionId() {
        return sessionId;
    }

    public AgentStatus status() {
        return status;
    }

    /** The session's permission questions and mode. */
    public PermissionGate permissions() {
        return permissions;
    }

    public long lastSeq() {
        return transcript.lastSeq();
    }

    public void subscribe(ChatSubscriber subscriber) {
        subscribers.add(subscriber);
    }

    public void unsubscribe(ChatSubscriber subscriber) {
        subscribers.remove(subscriber);
    }

    /** Starts the agent unless it runs, is starting, or is waiting to be restarted. */
    public void ensureStarted() {
        queue.submit(() -> current == null && !starting && restartTimer < 0 ? startProcess()
                : Uni.createFrom().voidItem());
    }

    /** A newer snapshot arrived: a session that had no worktree yet may have one now. */
    public void snapshotChanged(SessionSnapshot updated) {
        queue.submit(() -> {
            boolean hadNoWorktree = session.worktreePath() == null;
            session.set(updated);
            if (hadNoWorktree && updated.worktreePath() != null && !subscribers.isEmpty() && current == null
                    && !starting) {
                return startProcess();
            }
            return Uni.createFrom().voidItem();
        });
    }

    /** The session is over: the agent goes, the chats close with 4000. Returns once the process was told to end. */
    public Uni<Void> stop() {
        return queue.call(() -> {
            stopped = true;
            cancelRestart();
            AgentRun run = current;
            current = null;
            if (run != null) {
                LOG.infof("session %s ended: stopping its agent", sessionId);
                run.end();
            }
            subscribers.sessionEnded();
            return Uni.createFrom().voidItem();
        });
    }

    // ----------------------------------------------------------------------------------- client requests

    /** Stores the user's message and hands it to the agent (starting it if needed). */
    public Uni<Void> send(String text) {
        return queue.call(() -> {
            if (stopped) {
                return Uni.createFrom().failure(new IllegalStateException("the session has ended"));
            }
            return transcript.append(List.of(normalizer.userMessage(text))).invoke(() -> {
                publisher.activity(sessionId);
                pendingTurns++;
                String line = AgentInput.userMessage(text, conversationId);
                if (current != null) {
                    current.turnFailed = false;
                    setStatus(State.WORKING, null);
                    current.send(line);
                } else {
                    pendingInput.add(line);
                    if (!starting) {
                        // the user asks again: a pending back-off or an earlier failure is no reason to wait
                        cancelRestart();
                        failures = 0;
                        queue.submit(this::startProcess);
                    }
                }
            }).replaceWithVoid();
        });
    }

    /** Stops the current turn; the process stays. False when no turn is running. */
    public Uni<Boolean> interrupt() {
        return queue.call(() -> {
            if (current == null || pendingTurns == 0) {
                return Uni.createFrom().item(false);
            }
            publisher.activity(sessionId);
            current.send(AgentInput.interrupt());
            // after the interrupt: the agent drops the turn, and no question of it stays open in the chat
            return permissions.denyPending(PermissionGate.BY_INTERRUPT, "Interrupted by the person.")
                    .replaceWith(true);
        });
    }

    /** Restarts the agent with {@code --model} and {@code --resume}, so the conversation goes on with the new model. */
    public Uni<Void> setModel(String newModel) {
        return queue.call(() -> {
            if (stopped) {
                return Uni.createFrom().failure(new IllegalStateException("the session has ended"));
            }
            model = newModel;
            publisher.activity(sessionId);
            return conversations.saveModel(sessionId, newModel)
                    .chain(() -> transcript.append(List.of(normalizer.notice("model_changed", "Model set to " + newModel))))
                    .chain(() -> {
                        AgentRun old = current;
                        if (old == null) {
                            status = new AgentStatus(status.state(), status.reason(), model, conversationId,
                                    permissions.mode());
                            subscribers.statusChanged(status);
                            return Uni.createFrom().voidItem();
                        }
                        // the old process' exit is expected now, not a crash to recover from
                        current = null;
                        pendingTurns = 0;
                        old.end();
                        return permissions.denyPending(PermissionGate.BY_AGENT_STOPPED, "The agent was restarted.")
                                .chain(this::startProcess);
                    });
        });
    }

    /**
     * Switches the permission mode: the running agent gets a {@code set_permission_mode} control request, a
     * restarted one {@code --permission-mode}.
     */
    public Uni<Void> setPermissionMode(String mode) {
        return queue.call(() -> {
            if (stopped) {
                return Uni.createFrom().failure(new IllegalStateException("the session has ended"));
            }
            publisher.activity(sessionId);
            return permissions.setMode(mode, current);
        });
    }

    /** Events after {@code afterSeq}, oldest first. */
    public Uni<List<StoredEvent>> eventsAfter(long afterSeq, int limit) {
        return transcript.eventsAfter(afterSeq, limit);
    }

    // ------------------------------------------------------------------------------------------ process

    private Uni<Void> startProcess() {
        if (stopped || current != null || starting) {
            return Uni.createFrom().voidItem();
        }
        restartTimer = -1;
        SessionSnapshot snapshot = session.get();
        if (snapshot == null || snapshot.worktreePath() == null) {
            setStatus(State.STARTING, "waiting for the session's worktree");
            return Uni.createFrom().voidItem();
        }
        starting = true;
        setStatus(State.STARTING, null);
        boolean resuming = conversationId != null;
        // the queue waits for the start: nothing else happens to the session meanwhile
        return queue.backOnQueue(launcher.start(snapshot, model, conversationId, permissions.mode()))
                .onItemOrFailure().transformToUni((stream, failure) -> started(stream, failure, resuming));
    }

    private Uni<Void> started(ProcessStream stream, Throwable failure, boolean resumed) {
        starting = false;
        if (failure != null) {
            return startFailed(failure);
        }
        if (stopped) {
            stream.closeInput();
            stream.kill();
            return Uni.createFrom().voidItem();
        }
        AgentRun run = new AgentRun(stream, resumed, this);
        current = run;
        output.consume(run, queue).chain(() -> stream.exitCode())
                .subscribe().with(code -> queue.submit(() -> exited(run, code)),
                        e -> queue.submit(() -> exited(run, -1)));
        pendingInput.forEach(run::send);
        pendingInput.clear();
        setStatus(pendingTurns > 0 ? State.WORKING : State.IDLE, null);
        return Uni.createFrom().voidItem();
    }

    private Uni<Void> startFailed(Throwable failure) {
        String reason = "the agent '" + launcher.agentCommand() + "' could not be started: " + rootMessage(failure);
        LOG.warnf("session %s: %s", sessionId, reason);
        pendingInput.clear();
        pendingTurns = 0;
        setStatus(State.ERROR, reason);
        return transcript.append(List.of(normalizer.error("agent_start_failed", reason))).replaceWithVoid();
    }

    private Uni<Void> exited(AgentRun run, int code) {
        LOG.infof("session %s: agent exited with code %d", sessionId, code);
        if (run != current) {
            return Uni.createFrom().voidItem(); // retired on purpose (model change, session end)
        }
        current = null;
        boolean midTurn = pendingTurns > 0;
        pendingTurns = 0;
        if (stopped) {
            return Uni.createFrom().voidItem();
        }
        return permissions.denyPending(PermissionGate.BY_AGENT_STOPPED, "The agent exited.")
                .chain(() -> restartAfter(run, code, midTurn));
    }

    private Uni<Void> restartAfter(AgentRun run, int code, boolean midTurn) {
        failures++;
        String stderr = run.stderrTail();
        List<TranscriptEntry> entries = new ArrayList<>();
        if (run.resumed() && !run.sawOutput && stderr.contains("No conversation found")) {
            // the agent's own history is gone (another machine, a wiped home): go on with a new conversation
            entries.add(normalizer.notice("resume_failed",
                    "The previous conversation could not be resumed; a new one starts."));
            conversationId = null;
        }
        RestartPolicy.Decision decision = restarts.afterFailure(failures);
        if (decision.givesUp()) {
            String reason = "the agent keeps exiting (code " + code + ")" + (stderr.isBlank() ? "" : ": " + stderr.strip());
            entries.add(normalizer.error("agent_exited", reason));
            setStatus(State.ERROR, reason);
            return transcript.append(entries).chain(this::saveConversation);
        }
        entries.add(normalizer.notice("agent_restarting", "The agent exited (code " + code + ")"
                + (midTurn ? " during a turn" : "") + "; it is restarted" + (conversationId != null
                        ? " and resumes the conversation." : ".")));
        setStatus(State.STARTING, null);
        return transcript.append(entries).chain(this::saveConversation).invoke(() -> {
            restartTimer = vertx.setTimer(decision.delay().toMillis(), id -> queue.submit(() -> {
                restartTimer = -1;
                return startProcess();
            }));
        });
    }

    private void cancelRestart() {
        if (restartTimer >= 0) {
            vertx.cancelTimer(restartTimer);
            restartTimer = -1;
        }
    }

    private Uni<Void> saveConversation() {
        return conversations.saveConversation(sessionId, conversationId);
    }

    // ------------------------------------------------------------------------- what the output tells

    @Override
    public boolean isCurrent(AgentRun run) {
        return run == current;
    }

    @Override
    public String model() {
        return model;
    }

    @Override
    public String conversationId() {
        return conversationId;
    }

    @Override
    public Uni<Void> conversationChanged(String newConversationId) {
        conversationId = newConversationId;
        status = new AgentStatus(status.state(), status.reason(), model, conversationId, permissions.mode());
        return saveConversation();
    }

    @Override
    public void turnFailed(AgentRun run, String reason) {
        setStatus(State.ERROR, reason);
    }

    @Override
    public void turnEnded(AgentRun run) {
        if (run != current) {
            return;
        }
        pendingTurns = Math.max(0, pendingTurns - 1);
        failures = 0;
        if (!run.turnFailed) {
            setStatus(pendingTurns > 0 ? State.WORKING : State.IDLE, null);
        } else if (pendingTurns > 0) {
            run.turnFailed = false;
        }
    }

    // -------------------------------------------------------------------------------------------- status

    /** The permission mode changed (the chat, or an allowed suggestion): the chats see it in the status. */
    public void permissionModeChanged() {
        setStatus(status.state(), status.reason());
    }

    private void setStatus(State state, String reason) {
        AgentStatus next = new AgentStatus(state, reason, model, conversationId, permissions.mode());
        if (!next.equals(status)) {
            status = next;
            subscribers.statusChanged(next);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
