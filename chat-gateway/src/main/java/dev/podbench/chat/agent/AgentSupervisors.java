package dev.podbench.chat.agent;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.podbench.chat.config.ChatConfig;
import dev.podbench.chat.events.ChatEventsPublisher;
import dev.podbench.chat.permission.PermissionGate;
import dev.podbench.chat.permission.PermissionPolicy;
import dev.podbench.chat.transcript.TranscriptNormalizer;
import dev.podbench.chat.transcript.TranscriptStore;
import dev.podbench.contexts.Contexts;
import dev.podbench.events.pullrequest.GitHosts;
import dev.podbench.events.pullrequest.GitHostsConfig;
import dev.podbench.events.pullrequest.PullRequestDetector;
import dev.podbench.events.session.SessionSnapshot;
import dev.podbench.sessions.SessionChanged;
import dev.podbench.sessions.SessionFinished;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * The supervisors of the sessions this instance serves, created on a session's first chat connection. It
 * assembles each session's parts: its work queue on a context of its own, its transcript, the handlers of its
 * agent's output, and the supervisor that coordinates them.
 */
@ApplicationScoped
public class AgentSupervisors {

    private static final Logger LOG = Logger.getLogger(AgentSupervisors.class);

    private final ChatConfig config;
    private final AgentLauncher launcher;
    private final AgentConversations conversations;
    private final TranscriptStore transcriptStore;
    private final TranscriptNormalizer normalizer;
    private final TurnUsage usage;
    private final PullRequestDetector pullRequestDetector;
    private final PullRequestSightings pullRequests;
    private final ChatEventsPublisher publisher;
    private final ObjectMapper mapper;
    private final Vertx vertx;
    private final PermissionPolicy permissionPolicy;
    private final ConcurrentMap<String, Uni<AgentSupervisor>> supervisors = new ConcurrentHashMap<>();

    public AgentSupervisors(ChatConfig config, AgentLauncher launcher, AgentConversations conversations,
            TranscriptStore transcriptStore, TranscriptNormalizer normalizer, TurnUsage usage,
            GitHostsConfig gitHosts, PullRequestSightings pullRequests, ChatEventsPublisher publisher,
            ObjectMapper mapper, Vertx vertx, PermissionPolicy permissionPolicy) {
        this.config = config;
        this.launcher = launcher;
        this.conversations = conversations;
        this.transcriptStore = transcriptStore;
        this.normalizer = normalizer;
        this.usage = usage;
        this.pullRequestDetector = new PullRequestDetector(GitHosts.from(gitHosts));
        this.pullRequests = pullRequests;
        this.publisher = publisher;
        this.mapper = mapper;
        this.vertx = vertx;
        this.permissionPolicy = permissionPolicy;
    }

    /** The session's supervisor, loading it on first use (concurrent callers share one). */
    public Uni<AgentSupervisor> forSession(SessionSnapshot session) {
        return supervisors.computeIfAbsent(session.sessionId(), id -> assemble(session).load().memoize().indefinitely())
                .onFailure().invoke(e -> supervisors.remove(session.sessionId()));
    }

    private AgentSupervisor assemble(SessionSnapshot snapshot) {
        String sessionId = snapshot.sessionId();
        Context context = Contexts.newContext(vertx);
        AgentWorkQueue queue = new AgentWorkQueue("session " + sessionId, Contexts.executor(context));
        LatestSnapshot session = new LatestSnapshot(snapshot);
        ChatSubscribers subscribers = new ChatSubscribers();
        SessionTranscript transcript = new SessionTranscript(sessionId, transcriptStore, subscribers, vertx);
        // the gate tells the supervisor of mode changes, and the supervisor is built with the gate
        AgentSupervisor[] supervisor = new AgentSupervisor[1];
        PermissionGate permissions = new PermissionGate(sessionId,
                permissionPolicy.rulesFor(snapshot.repositoryId()), permissionPolicy, transcript, normalizer, queue,
                vertx, () -> supervisor[0].permissionModeChanged());
        AgentOutput output = new AgentOutput(mapper, transcript, normalizer,
                List.of(permissions, new ConversationOutput(sessionId, session, transcript, normalizer, usage,
                        pullRequestDetector.scanner(), pullRequests)));
        supervisor[0] = new AgentSupervisor(sessionId, session, queue, RestartPolicy.of(config), launcher,
                conversations, transcript, output, normalizer, subscribers, publisher, vertx, permissions);
        return supervisor[0];
    }

    void sessionFinished(@Observes SessionFinished finished) {
        Uni<AgentSupervisor> supervisor = supervisors.remove(finished.sessionId());
        publisher.forget(finished.sessionId());
        if (supervisor != null) {
            supervisor.chain(AgentSupervisor::stop).subscribe().with(ok -> {
            }, e -> LOG.warnf(e, "session %s: stopping the agent failed", finished.sessionId()));
        }
    }

    void sessionChanged(@Observes SessionChanged changed) {
        Uni<AgentSupervisor> supervisor = supervisors.get(changed.snapshot().sessionId());
        if (supervisor != null) {
            supervisor.subscribe().with(s -> s.snapshotChanged(changed.snapshot()), e -> {
            });
        }
    }

    void shutdown(@Observes ShutdownEvent event) {
        // no restarts while the runtime kills the agents on its way down
        supervisors.values().forEach(uni -> uni.chain(AgentSupervisor::stop).subscribe().with(ok -> {
        }, e -> {
        }));
    }
}
