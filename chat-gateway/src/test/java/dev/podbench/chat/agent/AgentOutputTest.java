package dev.podbench.chat.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.podbench.chat.config.ChatConfig;
import dev.podbench.chat.transcript.StoredEvent;
import dev.podbench.chat.transcript.TranscriptEntry;
import dev.podbench.chat.transcript.TranscriptNormalizer;
import dev.podbench.chat.usage.UsageLedger;
import dev.podbench.chat.usage.UsageRecord;
import dev.podbench.events.pullrequest.GitHost;
import dev.podbench.events.pullrequest.GitHosts;
import dev.podbench.events.pullrequest.GitProvider;
import dev.podbench.events.pullrequest.PullRequestDetected;
import dev.podbench.events.pullrequest.PullRequestDetector;
import dev.podbench.events.session.SessionSnapshot;
import io.smallrye.mutiny.Uni;

/** The agent's output handlers against a fake process: no agent, no database, no event loop. */
class AgentOutputTest {

    private static final String PR = "https://github.com/acme/shop/pull/42";

    private final ObjectMapper mapper = new ObjectMapper();
    private final TranscriptNormalizer normalizer = new TranscriptNormalizer(mapper, config());
    private final MemoryTranscript transcript = new MemoryTranscript();
    private final MemoryUsage usage = new MemoryUsage();
    private final MemorySightings sightings = new MemorySightings();
    private final RecordingCoordinator coordinator = new RecordingCoordinator();
    private final LatestSnapshot session = new LatestSnapshot(null);
    private final AgentWorkQueue queue = new AgentWorkQueue("test", Runnable::run);

    private AgentOutput output(AgentLineHandler... first) {
        List<AgentLineHandler> handlers = new ArrayList<>(List.of(first));
        handlers.add(new ConversationOutput("s1", session, transcript, normalizer, usage,
                new PullRequestDetector(GitHosts.of(GitHost.of("github", GitProvider.GITHUB, "https://github.com")))
                        .scanner(), sightings));
        return new AgentOutput(mapper, transcript, normalizer, handlers);
    }

    private AgentRun run(FakeProcessStream stream, boolean resumed) {
        AgentRun run = new AgentRun(stream, resumed, coordinator);
        coordinator.current = run;
        return run;
    }

    private static String lines(String... lines) {
        return String.join("\n", lines) + "\n";
    }

    @Test
    void aTurnBecomesTranscriptUsageAndOnePullRequestAnnouncement() {
        String text = lines(
                "{\"type\":\"system\",\"subtype\":\"init\",\"session_id\":\"conv-1\",\"model\":\"claude-opus\"}",
                "{\"type\":\"assistant\",\"session_id\":\"conv-1\",\"message\":{\"id\":\"m1\",\"usage\":"
                        + "{\"input_tokens\":10,\"output_tokens\":5},\"content\":[{\"type\":\"text\",\"text\":\"Opened "
                        + PR + " — é\"}]}}",
                "{\"type\":\"user\",\"session_id\":\"conv-1\",\"message\":{\"content\":[{\"type\":\"tool_result\","
                        + "\"tool_use_id\":\"t1\",\"content\":\"" + PR + "\"}]}}",
                "warning: not json",
                "{\"type\":\"result\",\"subtype\":\"success\",\"session_id\":\"conv-1\",\"total_cost_usd\":0.25,"
                        + "\"usage\":{\"input_tokens\":10,\"output_tokens\":5}}");
        // cut inside a line and inside the two-byte é
        int cut = text.getBytes(StandardCharsets.UTF_8).length / 3;
        int inE = text.indexOf('é') + 1;
        FakeProcessStream stream = FakeProcessStream.printing(text, cut, inE);
        AgentRun run = run(stream, false);

        output().consume(run, queue).await().indefinitely();

        assertThat(transcript.kinds()).containsExactly("system", "assistant_text", "tool_result", "output", "result");
        assertThat(transcript.events.get(1).event().path("text").asText()).endsWith("— é");
        assertThat(transcript.events).extracting(StoredEvent::seq).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(coordinator.conversations).containsExactly("conv-1");
        assertThat(usage.turns).singleElement().satisfies(turn -> {
            assertThat(turn.model()).isEqualTo("claude-opus");
            assertThat(turn.agentSessionId()).isEqualTo("conv-1");
            assertThat(turn.turnTokens()).isEqualTo(15);
            assertThat(turn.resumed()).isFalse();
        });
        assertThat(transcript.events.get(4).event().path("costUsd").asText()).isEqualTo("0.25");
        assertThat(usage.published).hasSize(1);
        assertThat(sightings.announced).extracting(PullRequestDetected::url).containsExactly(PR);
        assertThat(coordinator.turnsEnded).isEqualTo(1);
        assertThat(run.sawOutput).isTrue();
    }

    @Test
    void aResultCountedBeforeIsShownWithoutCostAndNotPublishedAgain() {
        usage.alreadyCounted = true;
        FakeProcessStream stream = FakeProcessStream.printing(lines(
                "{\"type\":\"result\",\"session_id\":\"conv-1\",\"total_cost_usd\":0.5}"));

        output().consume(run(stream, true), queue).await().indefinitely();

        assertThat(transcript.events.get(0).event().path("costUsd").asText()).isEqualTo("0");
        assertThat(usage.published).isEmpty();
        assertThat(usage.turns.get(0).resumed()).isTrue();
    }

    @Test
    void anAgentErrorFailsTheTurnWithAReasonTheUserCanActOn() {
        FakeProcessStream stream = FakeProcessStream.printing(lines(
                "{\"type\":\"assistant\",\"error\":\"authentication_failed\",\"message\":{\"content\":"
                        + "[{\"type\":\"text\",\"text\":\"Invalid API key\"}]}}"));
        AgentRun run = run(stream, false);

        output().consume(run, queue).await().indefinitely();

        assertThat(coordinator.failures).containsExactly("the agent cannot authenticate: Invalid API key");
        assertThat(run.turnFailed).isTrue();
    }

    @Test
    void aReplacedRunDoesNotChangeTheConversation() {
        FakeProcessStream stream = FakeProcessStream.printing(lines(
                "{\"type\":\"system\",\"subtype\":\"init\",\"session_id\":\"old-conv\"}"));
        AgentRun run = run(stream, false);
        coordinator.current = null;

        output().consume(run, queue).await().indefinitely();

        assertThat(coordinator.conversations).isEmpty();
        assertThat(transcript.kinds()).containsExactly("system");
    }

    @Test
    void aLineWithoutFinalNewlineIsHandledWhenTheOutputEnds() {
        FakeProcessStream stream = FakeProcessStream.printing("{\"type\":\"system\",\"subtype\":\"status\"}");

        output().consume(run(stream, false), queue).await().indefinitely();

        assertThat(transcript.kinds()).containsExactly("system");
    }

    @Test
    void aProtocolOnStdinAndStdoutIsOneMoreHandler() {
        AgentLineHandler answersControlRequests = new AgentLineHandler() {
            @Override
            public boolean handles(String type) {
                return "control_request".equals(type);
            }

            @Override
            public Uni<Void> handle(AgentRun run, JsonNode line) {
                ObjectNode response = mapper.createObjectNode().put("type", "control_response");
                response.putObject("response").put("subtype", "success")
                        .put("request_id", line.path("request_id").asText());
                run.send(response.toString());
                return Uni.createFrom().voidItem();
            }
        };
        FakeProcessStream stream = FakeProcessStream.printing(lines(
                "{\"type\":\"control_request\",\"request_id\":\"r1\",\"request\":{\"subtype\":\"can_use_tool\"}}",
                "{\"type\":\"system\",\"subtype\":\"init\",\"session_id\":\"conv-1\"}"));

        output(answersControlRequests).consume(run(stream, false), queue).await().indefinitely();

        assertThat(stream.written).singleElement().asString().contains("\"request_id\":\"r1\"").endsWith("\n");
        assertThat(transcript.kinds()).containsExactly("system");
    }

    @Test
    void theStderrTailIsKeptForTheExitMessage() {
        FakeProcessStream stream = new FakeProcessStream(List.of(),
                List.of("x".repeat(5000).getBytes(StandardCharsets.UTF_8),
                        "No conversation found".getBytes(StandardCharsets.UTF_8)), 1);
        AgentRun run = run(stream, true);

        output().consume(run, queue).await().indefinitely();

        assertThat(run.stderrTail()).hasSize(4096).endsWith("No conversation found");
        assertThat(run.sawOutput).isFalse();
    }

    // ------------------------------------------------------------------------------------------- fakes

    private static ChatConfig config() {
        return (ChatConfig) Proxy.newProxyInstance(ChatConfig.class.getClassLoader(), new Class<?>[] { ChatConfig.class },
                (proxy, method, args) -> switch (method.getName()) {
                    case "toolResultPreviewChars" -> 2000;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private final class MemoryTranscript implements TranscriptLog {
        final List<StoredEvent> events = new ArrayList<>();

        @Override
        public Uni<List<StoredEvent>> append(Supplier<Uni<List<TranscriptEntry>>> produce) {
            return produce.get().map(entries -> {
                List<StoredEvent> stored = new ArrayList<>();
                for (TranscriptEntry entry : entries) {
                    stored.add(new StoredEvent(events.size() + stored.size() + 1, entry.payload()));
                }
                events.addAll(stored);
                return stored;
            });
        }

        List<String> kinds() {
            return events.stream().map(e -> e.event().path("kind").asText()).toList();
        }
    }

    private static final class MemoryUsage implements TurnUsage {
        final List<UsageLedger.Turn> turns = new ArrayList<>();
        final List<UsageRecord> published = new ArrayList<>();
        boolean alreadyCounted;

        @Override
        public Uni<UsageLedger.Counted> count(UsageLedger.Turn turn) {
            turns.add(turn);
            UsageRecord r = new UsageRecord();
            r.eventId = UUID.randomUUID();
            r.sessionId = turn.sessionId();
            r.costUsd = turn.result().path("total_cost_usd").decimalValue();
            r.published = alreadyCounted;
            return Uni.createFrom().item(new UsageLedger.Counted(r, !alreadyCounted));
        }

        @Override
        public void publish(UsageRecord record, SessionSnapshot session) {
            published.add(record);
        }
    }

    private static final class MemorySightings implements PullRequestSightings {
        final List<PullRequestDetected> announced = new ArrayList<>();

        @Override
        public void announce(PullRequestDetected detected) {
            announced.add(detected);
        }
    }

    private static final class RecordingCoordinator implements AgentRunListener {
        AgentRun current;
        String conversation;
        final List<String> conversations = new ArrayList<>();
        final List<String> failures = new ArrayList<>();
        int turnsEnded;

        @Override
        public boolean isCurrent(AgentRun run) {
            return run == current;
        }

        @Override
        public String model() {
            return "sonnet";
        }

        @Override
        public String conversationId() {
            return conversation;
        }

        @Override
        public Uni<Void> conversationChanged(String conversationId) {
            conversation = conversationId;
            conversations.add(conversationId);
            return Uni.createFrom().voidItem();
        }

        @Override
        public void turnFailed(AgentRun run, String reason) {
            failures.add(reason);
        }

        @Override
        public void turnEnded(AgentRun run) {
            turnsEnded++;
        }
    }

}
