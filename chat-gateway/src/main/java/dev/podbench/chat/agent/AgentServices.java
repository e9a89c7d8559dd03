package dev.podbench.chat.agent;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.podbench.chat.config.ChatConfig;
import dev.podbench.chat.events.ChatEventsPublisher;
import dev.podbench.chat.transcript.TranscriptNormalizer;
import dev.podbench.chat.transcript.TranscriptStore;
import dev.podbench.chat.usage.UsageLedger;
import dev.podbench.chat.usage.UsageRecord;
import dev.podbench.chat.usage.UsageRecordRepository;
import dev.podbench.events.pullrequest.GitHosts;
import dev.podbench.events.pullrequest.GitHostsConfig;
import dev.podbench.events.pullrequest.PullRequestDetector;
import dev.podbench.events.session.SessionSnapshot;
import dev.podbench.events.usage.UsageRecorded;
import dev.podbench.events.usage.UsageSource;
import dev.podbench.workspace.WorkspaceRuntime;
import io.vertx.core.Vertx;

/** The beans a supervisor works with, in one place so supervisors stay plain objects (one per session). */
@ApplicationScoped
public class AgentServices {

    private final ChatConfig config;
    private final WorkspaceRuntime runtime;
    private final TranscriptStore transcript;
    private final TranscriptNormalizer normalizer;
    private final UsageLedger ledger;
    private final UsageRecordRepository usageRecords;
    private final AgentSessionRepository agentSessions;
    private final PullRequestDetector pullRequests;
    private final ChatEventsPublisher publisher;
    private final ObjectMapper mapper;
    private final Vertx vertx;

    public AgentServices(ChatConfig config, WorkspaceRuntime runtime, TranscriptStore transcript,
            TranscriptNormalizer normalizer, UsageLedger ledger, UsageRecordRepository usageRecords,
            AgentSessionRepository agentSessions, GitHostsConfig gitHosts, ChatEventsPublisher publisher,
            ObjectMapper mapper, Vertx vertx) {
        this.config = config;
        this.runtime = runtime;
        this.transcript = transcript;
        this.normalizer = normalizer;
        this.ledger = ledger;
        this.usageRecords = usageRecords;
        this.agentSessions = agentSessions;
        this.pullRequests = new PullRequestDetector(GitHosts.from(gitHosts));
        this.publisher = publisher;
        this.mapper = mapper;
        this.vertx = vertx;
    }

    /** The contract payload for a counted turn. */
    public static UsageRecorded usagePayload(UsageRecord r, String repositoryId, String userId) {
        return new UsageRecorded(r.sessionId, UsageSource.SESSION, repositoryId, userId, r.model, UsageLedger.plain(r.costUsd),
                r.inputTokens, r.outputTokens, r.cacheReadTokens, r.cacheCreationTokens, r.agentSessionId,
                r.recordedAt);
    }

    UsageRecorded usagePayload(UsageRecord r, SessionSnapshot session) {
        return usagePayload(r, session.repositoryId(), session.owner());
    }

    ChatConfig config() {
        return config;
    }

    WorkspaceRuntime runtime() {
        return runtime;
    }

    TranscriptStore transcript() {
        return transcript;
    }

    TranscriptNormalizer normalizer() {
        return normalizer;
    }

    UsageLedger ledger() {
        return ledger;
    }

    UsageRecordRepository usageRecords() {
        return usageRecords;
    }

    AgentSessionRepository agentSessions() {
        return agentSessions;
    }

    PullRequestDetector pullRequests() {
        return pullRequests;
    }

    ChatEventsPublisher publisher() {
        return publisher;
    }

    ObjectMapper mapper() {
        return mapper;
    }

    Vertx vertx() {
        return vertx;
    }
}
