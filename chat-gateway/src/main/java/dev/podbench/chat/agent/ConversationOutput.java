package dev.podbench.chat.agent;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import dev.podbench.chat.transcript.TranscriptEntry;
import dev.podbench.chat.transcript.TranscriptNormalizer;
import dev.podbench.chat.usage.Totals;
import dev.podbench.chat.usage.UsageLedger;
import dev.podbench.chat.usage.UsageRecord;
import dev.podbench.events.Surface;
import dev.podbench.events.pullrequest.PullRequestLink;
import dev.podbench.events.pullrequest.PullRequestScanner;
import io.smallrye.mutiny.Uni;

/**
 * The conversation itself: every stream-json line becomes transcript entries; a {@code result} is counted as the
 * turn's usage; pull-request links in the agent's text and tool results are announced the first time the session
 * shows them (the session's own scanner remembers which it has seen). It also follows the run's conversation id, model and errors for the coordinator. Takes every type.
 */
public final class ConversationOutput implements AgentLineHandler {

    private final String sessionId;
    private final LatestSnapshot session;
    private final TranscriptLog transcript;
    private final TranscriptNormalizer normalizer;
    private final TurnUsage usage;
    private final PullRequestScanner pullRequestLinks;
    private final PullRequestSightings pullRequests;

    public ConversationOutput(String sessionId, LatestSnapshot session, TranscriptLog transcript,
            TranscriptNormalizer normalizer, TurnUsage usage, PullRequestScanner pullRequestLinks,
            PullRequestSightings pullRequests) {
        this.sessionId = sessionId;
        this.session = session;
        this.transcript = transcript;
        this.normalizer = normalizer;
        this.usage = usage;
        this.pullRequestLinks = pullRequestLinks;
        this.pullRequests = pullRequests;
    }

    @Override
    public boolean handles(String type) {
        return true;
    }

    @Override
    public Uni<Void> handle(AgentRun run, JsonNode line) {
        AgentRunListener coordinator = run.coordinator();
        String type = line.path("type").asText("");
        String lineConversation = line.path("session_id").asText("");
        Uni<Void> idChange = Uni.createFrom().voidItem();
        if (!lineConversation.isBlank() && !lineConversation.equals(coordinator.conversationId())
                && run.isCurrent()) {
            idChange = coordinator.conversationChanged(lineConversation);
        }
        if ("system".equals(type) && "init".equals(line.path("subtype").asText())) {
            run.reportedModel = line.path("model").asText(null);
        }
        if ("assistant".equals(type)) {
            assistant(run, line);
        }
        if ("result".equals(type)) {
            return idChange.chain(() -> result(run, line));
        }
        List<TranscriptEntry> entries = normalizer.normalize(line, session.worktreePath());
        return idChange.chain(() -> appendAnnouncingLinks(entries));
    }

    private void assistant(AgentRun run, JsonNode line) {
        JsonNode message = line.path("message");
        String id = message.path("id").asText("");
        if (!id.isBlank() && message.has("usage")) {
            run.turnTokens.put(id, Totals.tokensOf(message.path("usage")));
        }
        if (line.hasNonNull("error") && run.isCurrent()) {
            String text = TranscriptNormalizer.textOf(message.path("content"));
            String code = line.path("error").asText();
            run.turnFailed = true;
            run.coordinator().turnFailed(run, "authentication_failed".equals(code)
                    ? "the agent cannot authenticate: " + text : "the agent reported " + code + ": " + text);
        }
    }

    private Uni<Void> result(AgentRun run, JsonNode line) {
        AgentRunListener coordinator = run.coordinator();
        String known = coordinator.conversationId();
        String conversation = line.path("session_id").asText(known == null ? "unknown" : known);
        String servedBy = run.reportedModel != null ? run.reportedModel : coordinator.model();
        long turnTokens = run.turnTokens.values().stream().mapToLong(Long::longValue).sum();
        UsageLedger.Turn turn = new UsageLedger.Turn(sessionId, conversation, servedBy, line, run.previousTotals,
                run.resumed(), turnTokens);
        run.turnTokens.clear();
        run.previousTotals = Totals.cumulative(line);
        UsageLedger.Counted[] counted = new UsageLedger.Counted[1];
        return transcript.append(() -> usage.count(turn).map(c -> {
            counted[0] = c;
            return List.of(normalizer.result(line, c.fresh() ? c.record().costUsd : BigDecimal.ZERO));
        })).invoke(() -> {
            coordinator.turnEnded(run);
            UsageRecord record = counted[0].record();
            if (counted[0].fresh() && !record.published) {
                usage.publish(record, session.get());
            }
        }).replaceWithVoid();
    }

    private Uni<Void> appendAnnouncingLinks(List<TranscriptEntry> entries) {
        return transcript.append(() -> Uni.createFrom().item(entries)).invoke(stored -> {
            for (TranscriptEntry entry : entries) {
                String kind = entry.kind();
                if ("assistant_text".equals(kind) || "tool_result".equals(kind)) {
                    String text = entry.fullText() != null ? entry.fullText() : entry.payload().path("text").asText("");
                    for (PullRequestLink link : pullRequestLinks.scanMessage(text)) {
                        pullRequests.announce(link.detected(sessionId, Surface.CHAT, Instant.now()));
                    }
                }
            }
        }).replaceWithVoid();
    }
}
