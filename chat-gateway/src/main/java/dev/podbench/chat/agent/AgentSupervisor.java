package dev.podbench.chat.agent;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.function.Supplier;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.podbench.chat.agent.AgentStatus.State;
import dev.podbench.chat.support.Contexts;
import dev.podbench.chat.transcript.StoredEvent;
import dev.podbench.chat.transcript.TranscriptEntry;
import dev.podbench.chat.transcript.TranscriptNormalizer;
import dev.podbench.chat.usage.Totals;
import dev.podbench.chat.usage.UsageLedger;
import dev.podbench.chat.usage.UsageRecord;
import dev.podbench.events.Surface;
import dev.podbench.events.pullrequest.PullRequestLink;
import dev.podbench.events.pullrequest.PullRequestScanner;
import dev.podbench.events.session.SessionSnapshot;
import dev.podbench.events.usage.UsageRecorded;
import dev.podbench.events.usage.UsageSource;
import dev.podbench.workspace.Command;
import dev.podbench.workspace.PodRef;
import dev.podbench.workspace.ProcessStream;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;

/**
 * The one agent process of a session, kept alive for the whole session: started on the first chat connection,
 * restarted with {@code --resume} when it dies, restarted with the new {@code --model} on a model change,
 * stopped when the session ends. It also owns the session's transcript numbering, so every event gets its
 * {@code seq} here, in order.
 *
 * <p>Threading: all state lives on one Vert.x duplicated context, and every piece of work (a chunk of agent
 * output, a user message, a process exit) runs through one queue there, one at a time. Agent output is read
 * only as fast as it is stored, so a slow database slows the agent's pipe instead of filling memory.
 */
public final class AgentSupervisor {

    private static final Logger LOG = Logger.getLogger(AgentSupervisor.class);
    private static final int RING = 1000;
    private static final int MAX_LINE = 16 * 1024 * 1024;
    private static final int STDERR_TAIL = 4096;

    private final String sessionId;
    private final AgentServices services;
    private final Context context;
    private final PullRequestScanner pullRequestLinks;
    private final Set<ChatSubscriber> subscribers = new CopyOnWriteArraySet<>();
    private final ArrayDeque<StoredEvent> ring = new ArrayDeque<>();
    private final ArrayDeque<Supplier<Uni<Void>>> queue = new ArrayDeque<>();
    private boolean running;

    // --- state below is touched on the context only
    private SessionSnapshot snapshot;
    private volatile long lastSeq;
    private String agentSessionId;
    private String model;
    private AgentProcess current;
    private boolean starting;
    private final List<String> pendingInput = new ArrayList<>();
    private int pendingTurns;
    private int failures;
    private long restartTimer = -1;
    private boolean stopped;
    private volatile AgentStatus status;

    AgentSupervisor(String sessionId, AgentServices services, Context context) {
        this.sessionId = sessionId;
        this.services = services;
        this.context = context;
        this.pullRequestLinks = services.pullRequests().scanner();
        this.status = new AgentStatus(State.STARTING, null, null, null);
    }

    // ------------------------------------------------------------------------------------------- lifecycle

    /** Loads the numbering and the conversation to resume; creates the agent's row on first use. */
    Uni<AgentSupervisor> load(SessionSnapshot session) {
        return call(() -> {
            this.snapshot = session;
            return Panache.withTransaction(() -> services.transcript().lastSeq(sessionId)
                    .chain(seq -> {
                        lastSeq = seq;
                        return services.agentSessions().findById(sessionId);
                    })
                    .chain(row -> {
                        if (row != null) {
                            agentSessionId = row.agentSessionId;
                            model = row.model;
                            return Uni.createFrom().voidItem();
                        }
                        model = services.config().defaultModel();
                        AgentSession fresh = new AgentSession();
                        fresh.sessionId = sessionId;
                        fresh.owner = session.owner();
                        fresh.repositoryId = session.repositoryId();
                        fresh.model = model;
                        fresh.updatedAt = Instant.now();
                        return services.agentSessions().persist(fresh).replaceWithVoid();
                    }))
                    .invoke(() -> status = new AgentStatus(State.STARTING, null, model, agentSessionId))
                    .replaceWith(this);
        });
    }

    public String sessionId() {
        return sessionId;
    }

    public AgentStatus status() {
        return status;
    }

    public long lastSeq() {
        return lastSeq;
    }

    public void subscribe(ChatSubscriber subscriber) {
        subscribers.add(subscriber);
    }

    public void unsubscribe(ChatSubscriber subscriber) {
        subscribers.remove(subscriber);
    }

    /** Starts the agent unless it runs, is starting, or is waiting to be restarted. */
    public void ensureStarted() {
        submit(() -> {
            if (current == null && !starting && restartTimer < 0) {
                return startProcess();
            }
            return Uni.createFrom().voidItem();
        });
    }

    /** A newer snapshot arrived: a session that had no worktree yet may have one now. */
    public void snapshotChanged(SessionSnapshot updated) {
        submit(() -> {
            boolean hadNoWorktree = snapshot == null || snapshot.worktreePath() == null;
            snapshot = updated;
            if (hadNoWorktree && updated.worktreePath() != null && !subscribers.isEmpty() && current == null
                    && !starting) {
                return startProcess();
            }
            return Uni.createFrom().voidItem();
        });
    }

    /** The session is over: the agent goes, the chats close with 4000. Returns once the process was told to end. */
    public Uni<Void> stop() {
        return call(() -> {
            stopped = true;
            cancelRestart();
            AgentProcess process = current;
            current = null;
            if (process != null) {
                LOG.infof("session %s ended: stopping its agent", sessionId);
                process.stream.closeInput();
                process.stream.kill();
            }
            subscribers.forEach(ChatSubscriber::sessionEnded);
            subscribers.clear();
            return Uni.createFrom().voidItem();
        });
    }

    // ----------------------------------------------------------------------------------- client requests

    /** Stores the user's message and hands it to the agent (starting it if needed). */
    public Uni<Void> send(String text) {
        return call(() -> {
            if (stopped) {
                return Uni.createFrom().failure(new IllegalStateException("the session has ended"));
            }
            return append(List.of(services.normalizer().userMessage(text))).invoke(() -> {
                services.publisher().activity(sessionId);
                pendingTurns++;
                String line = userLine(text);
                if (current != null) {
                    current.turnFailed = false;
                    setStatus(State.WORKING, null);
                    write(current, line);
                } else {
                    pendingInput.add(line);
                    if (!starting) {
                        // the user asks again: a pending back-off or an earlier failure is no reason to wait
                        cancelRestart();
                        failures = 0;
                        submit(this::startProcess);
                    }
                }
            }).replaceWithVoid();
        });
    }

    /** Stops the current turn; the process stays. False when no turn is running. */
    public Uni<Boolean> interrupt() {
        return call(() -> {
            if (current == null || pendingTurns == 0) {
                return Uni.createFrom().item(false);
            }
            services.publisher().activity(sessionId);
            ObjectNode request = services.mapper().createObjectNode().put("type", "control_request")
                    .put("request_id", "podbench-" + UUID.randomUUID());
            request.putObject("request").put("subtype", "interrupt");
            write(current, request.toString());
            return Uni.createFrom().item(true);
        });
    }

    /** Restarts the agent with {@code --model} and {@code --resume}, so the conversation goes on with the new model. */
    public Uni<Void> setModel(String newModel) {
        return call(() -> {
            if (stopped) {
                return Uni.createFrom().failure(new IllegalStateException("the session has ended"));
            }
            model = newModel;
            services.publisher().activity(sessionId);
            return Panache.withTransaction(() -> services.agentSessions().findById(sessionId).invoke(row -> {
                row.model = newModel;
                row.updatedAt = Instant.now();
            })).chain(() -> append(List.of(services.normalizer().notice("model_changed", "Model set to " + newModel))))
                    .chain(() -> {
                        AgentProcess old = current;
                        if (old == null) {
                            status = new AgentStatus(status.state(), status.reason(), model, agentSessionId);
                            broadcastStatus();
                            return Uni.createFrom().voidItem();
                        }
                        // the old process' exit is expected now, not a crash to recover from
                        current = null;
                        pendingTurns = 0;
                        old.retired = true;
                        old.stream.closeInput();
                        old.stream.kill();
                        return startProcess();
                    });
        });
    }

    /** Events after {@code afterSeq}, oldest first, from memory when recent enough, else from the database. */
    public Uni<List<StoredEvent>> eventsAfter(long afterSeq, int limit) {
        synchronized (ring) {
            if (afterSeq >= lastSeq) {
                return Uni.createFrom().item(List.of());
            }
            StoredEvent first = ring.peekFirst();
            if (first != null && first.seq() <= afterSeq + 1) {
                List<StoredEvent> out = new ArrayList<>();
                for (StoredEvent e : ring) {
                    if (e.seq() > afterSeq) {
                        out.add(e);
                        if (out.size() >= limit) {
                            break;
                        }
                    }
                }
                return Uni.createFrom().item(out);
            }
        }
        // a context of its own: the supervisor's is busy with its transactions
        return Contexts.on(Contexts.newContext(services.vertx()),
                () -> Panache.withSession(() -> services.transcript().page(sessionId, afterSeq, limit)));
    }

    // ------------------------------------------------------------------------------------------ process

    private Uni<Void> startProcess() {
        if (stopped || current != null || starting) {
            return Uni.createFrom().voidItem();
        }
        restartTimer = -1;
        if (snapshot == null || snapshot.worktreePath() == null) {
            setStatus(State.STARTING, "waiting for the session's worktree");
            return Uni.createFrom().voidItem();
        }
        starting = true;
        setStatus(State.STARTING, null);
        String resumeId = agentSessionId;
        Command command = new Command(AgentCommandLine.argv(services.config(), model, resumeId),
                snapshot.worktreePath(), AgentCommandLine.env(services.config()), null, null, 0);
        String pod = snapshot.pod() != null ? snapshot.pod() : snapshot.repositoryId();
        LOG.infof("session %s: starting agent %s (model %s%s)", sessionId, services.config().agentCommand(), model,
                resumeId == null ? "" : ", resuming " + resumeId);
        Uni<ProcessStream> started;
        try {
            started = services.runtime().start(new PodRef(pod, snapshot.repositoryId(), null, null), command);
        } catch (RuntimeException e) {
            started = Uni.createFrom().failure(e);
        }
        return started.emitOn(task -> context.runOnContext(v -> task.run()))
                .onItemOrFailure().transformToUni((stream, failure) -> {
                    starting = false;
                    if (failure != null) {
                        return startFailed(failure);
                    }
                    if (stopped) {
                        stream.closeInput();
                        stream.kill();
                        return Uni.createFrom().voidItem();
                    }
                    AgentProcess process = new AgentProcess(stream, resumeId != null);
                    current = process;
                    wire(process);
                    for (String line : pendingInput) {
                        write(process, line);
                    }
                    pendingInput.clear();
                    setStatus(pendingTurns > 0 ? State.WORKING : State.IDLE, null);
                    return Uni.createFrom().voidItem();
                });
    }

    private Uni<Void> startFailed(Throwable failure) {
        String reason = "the agent '" + services.config().agentCommand() + "' could not be started: "
                + rootMessage(failure);
        LOG.warnf("session %s: %s", sessionId, reason);
        pendingInput.clear();
        pendingTurns = 0;
        setStatus(State.ERROR, reason);
        return append(List.of(services.normalizer().error("agent_start_failed", reason))).replaceWithVoid();
    }

    private void wire(AgentProcess process) {
        process.stream.errors().subscribe().with(process::stderr, e -> {
        });
        LineSplitter splitter = new LineSplitter(MAX_LINE);
        Uni<Void> output = process.stream.output()
                .onItem().transformToUniAndConcatenate(chunk -> call(() -> handleLines(process, splitter.feed(chunk))))
                .onItem().ignoreAsUni()
                .onFailure().recoverWithNull()
                .chain(() -> call(() -> handleLines(process, splitter.finish())));
        output.chain(() -> process.stream.exitCode())
                .subscribe().with(code -> submit(() -> exited(process, code)),
                        e -> submit(() -> exited(process, -1)));
    }

    private Uni<Void> exited(AgentProcess process, int code) {
        LOG.infof("session %s: agent exited with code %d", sessionId, code);
        if (process != current) {
            return Uni.createFrom().voidItem(); // retired on purpose (model change, session end)
        }
        current = null;
        boolean midTurn = pendingTurns > 0;
        pendingTurns = 0;
        if (stopped) {
            return Uni.createFrom().voidItem();
        }
        failures++;
        String stderr = process.stderrTail();
        List<TranscriptEntry> entries = new ArrayList<>();
        if (process.resumed && !process.sawOutput && stderr.contains("No conversation found")) {
            // the agent's own history is gone (another machine, a wiped home): go on with a new conversation
            entries.add(services.normalizer().notice("resume_failed",
                    "The previous conversation could not be resumed; a new one starts."));
            agentSessionId = null;
        }
        if (failures > services.config().maxRestarts()) {
            String reason = "the agent keeps exiting (code " + code + ")" + (stderr.isBlank() ? "" : ": " + stderr.strip());
            entries.add(services.normalizer().error("agent_exited", reason));
            setStatus(State.ERROR, reason);
            return append(entries).chain(this::persistAgentSessionId);
        }
        entries.add(services.normalizer().notice("agent_restarting", "The agent exited (code " + code + ")"
                + (midTurn ? " during a turn" : "") + "; it is restarted" + (agentSessionId != null
                        ? " and resumes the conversation." : ".")));
        setStatus(State.STARTING, null);
        long delay = backoff();
        return append(entries).chain(this::persistAgentSessionId).invoke(() -> {
            restartTimer = services.vertx().setTimer(Math.max(1, delay), id -> submit(() -> {
                restartTimer = -1;
                return startProcess();
            }));
        });
    }

    private long backoff() {
        Duration base = services.config().restartBackoff();
        long millis = base.toMillis() << Math.min(10, Math.max(0, failures - 1));
        return Math.min(millis, services.config().maxRestartBackoff().toMillis());
    }

    private void cancelRestart() {
        if (restartTimer >= 0) {
            services.vertx().cancelTimer(restartTimer);
            restartTimer = -1;
        }
    }

    private void write(AgentProcess process, String line) {
        process.stream.write((line + "\n").getBytes(StandardCharsets.UTF_8)).subscribe().with(ok -> {
        }, e -> LOG.debugf("session %s: agent input not written (%s)", sessionId, e.getMessage()));
    }

    private String userLine(String text) {
        ObjectNode line = services.mapper().createObjectNode().put("type", "user");
        line.putObject("message").put("role", "user").put("content", text);
        line.putNull("parent_tool_use_id");
        line.put("session_id", agentSessionId == null ? "" : agentSessionId);
        return line.toString();
    }

    // ------------------------------------------------------------------------------------ agent output

    private Uni<Void> handleLines(AgentProcess process, List<String> lines) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (String line : lines) {
            if (!line.isBlank()) {
                chain = chain.chain(() -> handleLine(process, line));
            }
        }
        return chain;
    }

    private Uni<Void> handleLine(AgentProcess process, String raw) {
        process.sawOutput = true;
        JsonNode line;
        try {
            line = services.mapper().readTree(raw);
        } catch (Exception e) {
            line = null;
        }
        if (line == null || !line.isObject()) {
            return append(List.of(services.normalizer().plainOutput(raw))).replaceWithVoid();
        }
        String type = line.path("type").asText("");
        String lineSession = line.path("session_id").asText("");
        Uni<Void> idChange = Uni.createFrom().voidItem();
        if (!lineSession.isBlank() && !lineSession.equals(agentSessionId) && process == current) {
            agentSessionId = lineSession;
            status = new AgentStatus(status.state(), status.reason(), model, agentSessionId);
            idChange = persistAgentSessionId();
        }
        if ("system".equals(type) && "init".equals(line.path("subtype").asText())) {
            process.reportedModel = line.path("model").asText(null);
        }
        if ("assistant".equals(type)) {
            JsonNode message = line.path("message");
            String id = message.path("id").asText("");
            if (!id.isBlank() && message.has("usage")) {
                process.turnTokens.put(id, Totals.tokensOf(message.path("usage")));
            }
            if (line.hasNonNull("error") && process == current) {
                String text = TranscriptNormalizer.textOf(message.path("content"));
                String code = line.path("error").asText();
                setStatus(State.ERROR, "authentication_failed".equals(code)
                        ? "the agent cannot authenticate: " + text : "the agent reported " + code + ": " + text);
                process.turnFailed = true;
            }
        }
        if ("result".equals(type)) {
            JsonNode result = line;
            return idChange.chain(() -> result(process, result));
        }
        List<TranscriptEntry> entries = services.normalizer().normalize(line, snapshot.worktreePath());
        return idChange.chain(() -> append(entries)).replaceWithVoid();
    }

    private Uni<Void> result(AgentProcess process, JsonNode line) {
        String conversation = line.path("session_id").asText(agentSessionId == null ? "unknown" : agentSessionId);
        String servedBy = process.reportedModel != null ? process.reportedModel : model;
        long turnTokens = process.turnTokens.values().stream().mapToLong(Long::longValue).sum();
        UsageLedger.Turn turn = new UsageLedger.Turn(sessionId, conversation, servedBy, line,
                process.previousTotals, process.resumed, turnTokens);
        process.turnTokens.clear();
        process.previousTotals = Totals.cumulative(line);
        UsageRecord[] counted = new UsageRecord[1];
        boolean[] fresh = new boolean[1];
        return appendWith(() -> services.ledger().count(turn).map(c -> {
            counted[0] = c.record();
            fresh[0] = c.fresh();
            return List.of(services.normalizer().result(line, c.fresh() ? c.record().costUsd : java.math.BigDecimal.ZERO));
        })).invoke(() -> {
            if (process == current) {
                pendingTurns = Math.max(0, pendingTurns - 1);
                failures = 0;
                if (!process.turnFailed) {
                    setStatus(pendingTurns > 0 ? State.WORKING : State.IDLE, null);
                } else if (pendingTurns > 0) {
                    process.turnFailed = false;
                }
            }
            if (fresh[0] && !counted[0].published) {
                publishUsage(counted[0]);
            }
        }).replaceWithVoid();
    }

    private void publishUsage(UsageRecord r) {
        UsageRecorded payload = services.usagePayload(r, snapshot);
        services.publisher().usage(r.eventId.toString(), payload)
                .chain(() -> Contexts.on(Contexts.newContext(services.vertx()),
                        () -> Panache.withTransaction(() -> services.usageRecords().markPublished(r.eventId))))
                .subscribe().with(ok -> {
                }, e -> LOG.warnf("session %s: usage %s not published yet (%s); retried later", sessionId,
                        r.eventId, e.getMessage()));
    }

    // ----------------------------------------------------------------------------------------- storage

    private Uni<List<StoredEvent>> append(List<TranscriptEntry> entries) {
        return appendWith(() -> Uni.createFrom().item(entries));
    }

    /**
     * Numbers and stores entries (produced inside the same transaction), then hands them to the chats and scans
     * them for pull-request links.
     */
    private Uni<List<StoredEvent>> appendWith(Supplier<Uni<List<TranscriptEntry>>> produce) {
        List<TranscriptEntry> appended = new ArrayList<>();
        return Panache.withTransaction(() -> produce.get().chain(entries -> {
            if (entries.isEmpty()) {
                return Uni.createFrom().item(List.<StoredEvent> of());
            }
            return services.transcript().append(sessionId, lastSeq, entries)
                    .invoke(() -> appended.addAll(entries));
        })).invoke(stored -> {
            if (stored.isEmpty()) {
                return;
            }
            synchronized (ring) {
                for (StoredEvent e : stored) {
                    ring.addLast(e);
                    if (ring.size() > RING) {
                        ring.removeFirst();
                    }
                }
                lastSeq = stored.get(stored.size() - 1).seq();
            }
            subscribers.forEach(ChatSubscriber::eventsAvailable);
            announcePullRequests(appended);
        });
    }

    /** Announces the pull-request links in stored output that this session's agent has not shown before. */
    private void announcePullRequests(List<TranscriptEntry> entries) {
        for (TranscriptEntry entry : entries) {
            String kind = entry.kind();
            if ("assistant_text".equals(kind) || "tool_result".equals(kind)) {
                String text = entry.fullText() != null ? entry.fullText() : entry.payload().path("text").asText("");
                for (PullRequestLink link : pullRequestLinks.scanMessage(text)) {
                    services.publisher().pullRequest(link.detected(sessionId, Surface.CHAT, Instant.now()))
                            .subscribe().with(ok -> {
                            }, e -> LOG.warnf("session %s: pull request %s not published: %s", sessionId,
                                    link.url(), e.getMessage()));
                }
            }
        }
    }

    private Uni<Void> persistAgentSessionId() {
        String id = agentSessionId;
        return Panache.withTransaction(() -> services.agentSessions().findById(sessionId).invoke(row -> {
            if (row != null) {
                row.agentSessionId = id;
                row.updatedAt = Instant.now();
            }
        })).replaceWithVoid();
    }

    // -------------------------------------------------------------------------------------------- status

    private void setStatus(State state, String reason) {
        AgentStatus next = new AgentStatus(state, reason, model, agentSessionId);
        if (!next.equals(status)) {
            status = next;
            broadcastStatus();
        }
    }

    private void broadcastStatus() {
        AgentStatus s = status;
        subscribers.forEach(sub -> sub.statusChanged(s));
    }

    // ----------------------------------------------------------------------------------- serialization

    /** Queues work behind everything queued before; the returned Uni relays its outcome. */
    private <T> Uni<T> call(Supplier<Uni<T>> work) {
        return Uni.createFrom().emitter(emitter -> submit(() -> {
            Uni<T> uni;
            try {
                uni = work.get();
            } catch (Throwable e) {
                uni = Uni.createFrom().failure(e);
            }
            return uni.onItemOrFailure().transformToUni((item, failure) -> {
                if (failure != null) {
                    emitter.fail(failure);
                } else {
                    emitter.complete(item);
                }
                return Uni.createFrom().voidItem();
            });
        }));
    }

    private void submit(Supplier<Uni<Void>> work) {
        context.runOnContext(ignored -> {
            queue.addLast(work);
            drain();
        });
    }

    private void drain() {
        if (running) {
            return;
        }
        Supplier<Uni<Void>> work = queue.pollFirst();
        if (work == null) {
            return;
        }
        running = true;
        Uni<Void> uni;
        try {
            uni = work.get();
        } catch (Throwable e) {
            uni = Uni.createFrom().failure(e);
        }
        uni.subscribe().with(ok -> next(), failure -> {
            LOG.errorf(failure, "session %s: chat work failed", sessionId);
            next();
        });
    }

    private void next() {
        context.runOnContext(ignored -> {
            running = false;
            drain();
        });
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    /** One run of the agent executable. */
    private static final class AgentProcess {
        final ProcessStream stream;
        final boolean resumed;
        final Map<String, Long> turnTokens = new LinkedHashMap<>();
        private final StringBuilder stderr = new StringBuilder();
        Totals previousTotals;
        String reportedModel;
        boolean sawOutput;
        boolean turnFailed;
        boolean retired;

        AgentProcess(ProcessStream stream, boolean resumed) {
            this.stream = stream;
            this.resumed = resumed;
        }

        void stderr(byte[] bytes) {
            synchronized (stderr) {
                stderr.append(new String(bytes, StandardCharsets.UTF_8));
                if (stderr.length() > STDERR_TAIL) {
                    stderr.delete(0, stderr.length() - STDERR_TAIL);
                }
            }
        }

        String stderrTail() {
            synchronized (stderr) {
                return stderr.toString();
            }
        }
    }
}
