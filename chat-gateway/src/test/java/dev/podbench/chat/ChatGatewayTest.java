package dev.podbench.chat;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.podbench.events.EventJson;
import dev.podbench.events.Topics;
import dev.podbench.events.session.SessionSnapshot;
import dev.podbench.events.session.SessionState;
import dev.podbench.testkit.TestConsumer;
import dev.podbench.testkit.TestTokens;
import dev.podbench.testkit.agent.FakeClaudeAgent;
import dev.podbench.testkit.agent.FakeClaudeAgentResource;
import dev.podbench.workspace.Command;
import dev.podbench.workspace.PodRef;
import dev.podbench.workspace.ProcessStream;
import dev.podbench.workspace.TtySize;
import dev.podbench.workspace.WorkspaceRuntime;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/**
 * The chat end to end: real PostgreSQL, Kafka, processes (the fake agent as a separate JVM, started through the
 * workspace runtime in a worktree directory) and WebSockets.
 */
@QuarkusTest
@QuarkusTestResource(FakeClaudeAgentResource.class)
class ChatGatewayTest {

    static final String ORIGIN = "http://127.0.0.1:8080";
    static final BigDecimal TURN_COST = new BigDecimal("0.0125");

    @Inject
    Vertx vertx;
    @Inject
    WorkspaceRuntime runtime;
    @ConfigProperty(name = "podbench.workspace.local.root")
    Path podRoot;
    @TestHTTPResource("/")
    URI base;

    private SessionSnapshot session(Map<String, String> fakeSettings) {
        return TestSessions.active(podRoot, "alice", fakeSettings);
    }

    private ChatClient chat(SessionSnapshot session) {
        return ChatClient.connect(vertx, base, session.sessionId(), TestTokens.bearer("alice"), ORIGIN);
    }

    private static Path worktree(SessionSnapshot session) {
        return Path.of(session.worktreePath());
    }

    private static JsonObject event(JsonObject frame) {
        return frame.getJsonObject("event");
    }

    private static List<JsonNode> usageOf(TestConsumer usage, String sessionId) {
        return usage.records().stream().filter(r -> sessionId.equals(r.key()))
                .map(ConsumerRecord::value).map(ChatGatewayTest::tree).toList();
    }

    private static JsonNode tree(String json) {
        try {
            return EventJson.mapper().readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void twoTurnConversationInOneProcess() {
        SessionSnapshot session = session(Map.of());
        try (TestConsumer usage = TestConsumer.fromEnd(Topics.USAGE);
                TestConsumer activity = TestConsumer.fromEnd(Topics.SESSION_EVENTS);
                ChatClient chat = chat(session)) {
            chat.awaitStatus("idle");
            chat.message("hello there");
            chat.awaitEvents("result", 1);
            chat.awaitStatus("idle");
            List<ProcessHandle> first = AgentProcesses.in(worktree(session));
            assertThat(first).hasSize(1);

            chat.message("and again");
            chat.awaitEvents("result", 2);
            assertThat(AgentProcesses.in(worktree(session))).containsExactlyElementsOf(first);

            // one conversation: the agent counted two turns and kept its session id
            assertThat(chat.events("assistant_text")).anySatisfy(
                    e -> assertThat(event(e).getString("text")).isEqualTo("Done with turn 2."));
            List<JsonObject> inits = chat.events("system");
            assertThat(inits).hasSize(2);
            assertThat(event(inits.get(1)).getString("agentSessionId"))
                    .isEqualTo(event(inits.get(0)).getString("agentSessionId"));

            // normalized transcript: user, thinking, text, tool use with its one-line summary, tool result, result
            assertThat(event(chat.events("user").get(0)).getString("text")).isEqualTo("hello there");
            assertThat(event(chat.events("thinking").get(0)).getString("text")).contains("hello there");
            JsonObject toolUse = event(chat.events("tool_use").get(0));
            assertThat(toolUse.getString("tool")).isEqualTo("Write");
            assertThat(toolUse.getString("summary")).isEqualTo("fake-claude-turn-1.txt");
            assertThat(event(chat.events("tool_result").get(0)).getString("text")).contains("File created");
            JsonObject result = event(chat.events("result").get(1));
            assertThat(new BigDecimal(result.getString("costUsd"))).isEqualByComparingTo(TURN_COST);
            assertThat(new BigDecimal(result.getString("totalCostUsd"))).isEqualByComparingTo("0.025");

            // seq numbers: 1..n without gaps
            List<Long> seqs = chat.events().stream().map(f -> f.getLong("seq")).toList();
            assertThat(seqs).isEqualTo(java.util.stream.LongStream.rangeClosed(1, seqs.size()).boxed().toList());

            // one usage event per turn: the turn's delta, tokens and model
            await().atMost(ChatClient.TIMEOUT).until(() -> usageOf(usage, session.sessionId()).size() >= 2);
            List<JsonNode> events = usageOf(usage, session.sessionId());
            assertThat(events).hasSize(2);
            for (JsonNode e : events) {
                JsonNode data = e.path("data");
                assertThat(e.path("type").asText()).isEqualTo("dev.podbench.usage.recorded.v1");
                assertThat(data.path("costUsd").asText()).isEqualTo("0.0125");
                assertThat(data.path("inputTokens").asLong()).isEqualTo(120);
                assertThat(data.path("outputTokens").asLong()).isEqualTo(80);
                assertThat(data.path("cacheReadTokens").asLong()).isEqualTo(1000);
                assertThat(data.path("cacheCreationTokens").asLong()).isEqualTo(200);
                assertThat(data.path("model").asText()).isEqualTo("sonnet");
                assertThat(data.path("userId").asText()).isEqualTo("alice");
                assertThat(data.path("source").asText()).isEqualTo("session");
            }
            assertThat(events.get(0).path("id").asText()).isNotEqualTo(events.get(1).path("id").asText());

            // activity for the idle policy, throttled to one per interval
            activity.awaitRecord(r -> session.sessionId().equals(r.key()) && r.value().contains("session.activity"));
            assertThat(activity.records().stream().filter(r -> session.sessionId().equals(r.key())
                    && r.value().contains("session.activity"))).hasSize(1);
        }
    }

    @Test
    void agentsFileIsVisibleFromTheTerminalsShell() throws Exception {
        SessionSnapshot session = session(Map.of());
        try (ChatClient chat = chat(session)) {
            chat.message("write something");
            chat.awaitEvents("result", 1);
        }
        Path file = worktree(session).resolve("fake-claude-turn-1.txt");
        assertThat(file).exists();
        // what the terminal runs: a shell with a TTY in the same worktree, through the same runtime
        ProcessStream shell = runtime.start(new PodRef(session.pod(), session.repositoryId(), null, null),
                new Command(List.of("sh", "-c", "cat fake-claude-turn-1.txt"), session.worktreePath(), Map.of(),
                        new TtySize(80, 24), null, 0))
                .await().atMost(Duration.ofSeconds(30));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        shell.output().subscribe().with(out::writeBytes);
        assertThat(shell.exitCode().await().atMost(Duration.ofSeconds(30))).isZero();
        await().atMost(ChatClient.TIMEOUT).until(() -> out.toString(StandardCharsets.UTF_8).contains("write something"));
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("turn 1: write something");
    }

    @Test
    void reconnectWithAfterSeqLosesAndRepeatsNothing() {
        SessionSnapshot session = session(Map.of());
        long seen;
        try (ChatClient first = chat(session); ChatClient second = chat(session)) {
            first.message("first turn");
            first.awaitEvents("result", 1);
            // several tabs see the same live stream
            second.awaitEvents("result", 1);
            assertThat(second.events()).isEqualTo(first.events());
            seen = first.lastSeq();
        }
        // the agent keeps working while nobody watches: a message sent by another client
        try (ChatClient other = chat(session)) {
            other.message("second turn");
            other.awaitEvents("result", 1);
        }
        try (ChatClient back = chat(session)) {
            back.send(new JsonObject().put("type", "resume").put("afterSeq", seen));
            back.awaitEvents("result", 1);
            back.message("third turn");
            back.awaitEvents("result", 2);
            List<Long> seqs = back.events().stream().map(f -> f.getLong("seq")).toList();
            assertThat(seqs.get(0)).isEqualTo(seen + 1);
            assertThat(seqs).isEqualTo(java.util.stream.LongStream.rangeClosed(seen + 1, seen + seqs.size()).boxed()
                    .toList());
            // the same as the history API
            List<Integer> history = given().auth().oauth2(TestTokens.bearer("alice"))
                    .queryParam("afterSeq", seen).queryParam("limit", 500)
                    .get("/api/sessions/{id}/chat/events", session.sessionId())
                    .then().statusCode(200).extract().jsonPath().getList("events.seq", Integer.class);
            assertThat(history.stream().map(Integer::longValue).toList()).isEqualTo(seqs);

            // a full replay from 0 as well, on the same connection
            int before = back.events().size();
            back.send(new JsonObject().put("type", "resume").put("afterSeq", 0));
            await().atMost(ChatClient.TIMEOUT).until(() -> back.events().size() >= before + seqs.get(seqs.size() - 1));
            List<Long> replay = back.events().subList(before, back.events().size()).stream()
                    .map(f -> f.getLong("seq")).toList();
            assertThat(replay).isEqualTo(java.util.stream.LongStream.rangeClosed(1, replay.size()).boxed().toList());
        }
    }

    @Test
    void killedAgentIsResumedAndNoCostIsCountedTwice() {
        assertKillResumes(Map.of());
    }

    @Test
    void killedAgentWhoseCliRestartsItsCostAtZeroIsCountedRight() {
        assertKillResumes(Map.of("FAKE_CLAUDE_RESUME_COST", "reset"));
    }

    private void assertKillResumes(Map<String, String> settings) {
        SessionSnapshot session = session(settings);
        try (TestConsumer usage = TestConsumer.fromEnd(Topics.USAGE); ChatClient chat = chat(session)) {
            chat.message("before the crash");
            chat.awaitEvents("result", 1);
            String conversation = event(chat.events("system").get(0)).getString("agentSessionId");
            List<ProcessHandle> agents = AgentProcesses.in(worktree(session));
            assertThat(agents).hasSize(1);
            agents.get(0).destroyForcibly();

            chat.awaitEvent(e -> "agent_restarting".equals(e.getString("code")));
            await().atMost(ChatClient.TIMEOUT).until(() -> AgentProcesses.in(worktree(session)).size() == 1
                    && !AgentProcesses.in(worktree(session)).equals(agents));
            chat.awaitStatus("idle");
            chat.message("after the crash");
            chat.awaitEvents("result", 2);
            // resumed: the same conversation, the turn count went on
            assertThat(event(chat.events("system").get(1)).getString("agentSessionId")).isEqualTo(conversation);
            assertThat(chat.events("assistant_text")).anySatisfy(
                    e -> assertThat(event(e).getString("text")).isEqualTo("Done with turn 2."));
            assertThat(new BigDecimal(event(chat.events("result").get(1)).getString("costUsd")))
                    .isEqualByComparingTo(TURN_COST);

            await().atMost(ChatClient.TIMEOUT).until(() -> usageOf(usage, session.sessionId()).size() >= 2);
            List<JsonNode> events = usageOf(usage, session.sessionId());
            assertThat(events).hasSize(2);
            BigDecimal sum = events.stream().map(e -> new BigDecimal(e.path("data").path("costUsd").asText()))
                    .reduce(BigDecimal.ZERO, BigDecimal::add);
            assertThat(sum).isEqualByComparingTo("0.025");
            assertThat(events).allSatisfy(e -> assertThat(e.path("data").path("inputTokens").asLong()).isEqualTo(120));
        }
    }

    @Test
    void agentThatCrashesAfterATurnIsRestartedTransparently() {
        SessionSnapshot session = session(Map.of("FAKE_CLAUDE_CRASH_AFTER_TURNS", "1"));
        try (TestConsumer usage = TestConsumer.fromEnd(Topics.USAGE); ChatClient chat = chat(session)) {
            chat.message("one");
            chat.awaitEvents("result", 1);
            chat.awaitEvent(e -> "agent_restarting".equals(e.getString("code")));
            chat.awaitStatus("idle");
            chat.message("two");
            chat.awaitEvents("result", 2);
            await().atMost(ChatClient.TIMEOUT).until(() -> usageOf(usage, session.sessionId()).size() >= 2);
            assertThat(usageOf(usage, session.sessionId())).hasSize(2)
                    .allSatisfy(e -> assertThat(e.path("data").path("costUsd").asText()).isEqualTo("0.0125"));
        }
    }

    @Test
    void interruptStopsTheTurnAndTheProcessStays() {
        SessionSnapshot session = session(Map.of());
        try (ChatClient chat = chat(session)) {
            chat.send(new JsonObject().put("type", "interrupt"));
            chat.awaitError("nothing_to_interrupt");

            chat.message("be slow please");
            chat.awaitEvent(e -> "assistant_text".equals(e.getString("kind")) && e.getString("text").startsWith("Turn 1"));
            chat.awaitStatus("working");
            List<ProcessHandle> agent = AgentProcesses.in(worktree(session));
            chat.send(new JsonObject().put("type", "interrupt"));
            chat.awaitEvents("interrupted", 1);
            JsonObject result = event(chat.awaitEvents("result", 1).get(0));
            assertThat(result.getString("subtype")).isEqualTo("error_during_execution");
            chat.awaitStatus("idle");
            assertThat(chat.events("tool_use")).isEmpty();

            chat.message("are you still there");
            chat.awaitEvents("result", 2);
            assertThat(AgentProcesses.in(worktree(session))).isEqualTo(agent);
        }
    }

    @Test
    void sessionEndedStopsTheAgentAndClosesTheChat() {
        SessionSnapshot session = session(Map.of());
        try (ChatClient chat = chat(session)) {
            chat.message("hi");
            chat.awaitEvents("result", 1);
            List<ProcessHandle> agent = AgentProcesses.in(worktree(session));
            assertThat(agent).hasSize(1);
            TestSessions.ended(session);
            assertThat(chat.awaitClose()).isEqualTo(4000);
            await().atMost(ChatClient.TIMEOUT).until(() -> !agent.get(0).isAlive());
        }
        // and a late comer is told the session is over
        TestSessions.publish(TestSessions.snapshot(session.sessionId(), "alice", SessionState.ENDED,
                session.worktreePath()));
        await().atMost(ChatClient.TIMEOUT).until(() -> {
            try (ChatClient late = chat(session)) {
                return late.awaitClose() == 4000;
            }
        });
    }

    @Test
    void endedSnapshotAlsoStopsTheAgent() {
        SessionSnapshot session = session(Map.of());
        try (ChatClient chat = chat(session)) {
            chat.awaitStatus("idle");
            await().atMost(ChatClient.TIMEOUT).until(() -> AgentProcesses.in(worktree(session)).size() == 1);
            List<ProcessHandle> agent = AgentProcesses.in(worktree(session));
            TestSessions.publish(TestSessions.snapshot(session.sessionId(), "alice", SessionState.ENDED,
                    session.worktreePath()));
            assertThat(chat.awaitClose()).isEqualTo(4000);
            await().atMost(ChatClient.TIMEOUT).until(() -> !agent.get(0).isAlive());
        }
    }

    @Test
    void onlyTheOwnerFromAnAllowedOriginGetsIn() {
        SessionSnapshot session = session(Map.of());
        try (ChatClient bob = ChatClient.connect(vertx, base, session.sessionId(), TestTokens.bearer("bob"), ORIGIN)) {
            assertThat(bob.awaitClose()).isEqualTo(4403);
        }
        try (ChatClient nobody = ChatClient.connect(vertx, base, "no-such-session", TestTokens.bearer("alice"), ORIGIN)) {
            assertThat(nobody.awaitClose()).isEqualTo(4404);
        }
        assertThat(ChatClient.refusedStatus(vertx, base, session.sessionId(), TestTokens.bearer("alice"),
                "https://evil.example")).isEqualTo(403);
        assertThat(ChatClient.refusedStatus(vertx, base, session.sessionId(), null, ORIGIN)).isEqualTo(401);
        assertThat(ChatClient.refusedStatus(vertx, base, session.sessionId(), "not-a-token", null)).isEqualTo(401);
        // no Origin header: a non-browser client with a token
        try (ChatClient cli = ChatClient.connect(vertx, base, session.sessionId(), TestTokens.bearer("alice"), null)) {
            cli.awaitStatus("idle");
            assertThat(cli.isOpen()).isTrue();
        }
    }

    @Test
    void badInputGetsAnErrorFrameAndEverythingStaysUp() {
        SessionSnapshot session = session(Map.of());
        try (ChatClient chat = chat(session)) {
            chat.awaitStatus("idle");
            await().atMost(ChatClient.TIMEOUT).until(() -> AgentProcesses.in(worktree(session)).size() == 1);
            List<ProcessHandle> agent = AgentProcesses.in(worktree(session));

            chat.send("{\"type\":\"message\",\"text\":\"\"}");
            chat.awaitError("empty_message");
            chat.send("{\"type\":\"message\",\"text\":\"   \"}");
            chat.send("{\"type\":\"message\"}");
            chat.message("x".repeat(100 * 1024 + 1));
            chat.awaitError("message_too_long");
            chat.send("{\"type\":\"dance\"}");
            chat.awaitError("unknown_type");
            chat.send("{\"type\":\"message\",\"text\":\"unterminated");
            chat.awaitError("invalid_json");
            chat.send("[1,2,3]");
            chat.send("{\"text\":\"no type\"}");
            chat.awaitError("missing_type");
            chat.send("{\"type\":\"set_model\",\"model\":\"--evil flag\"}");
            chat.awaitError("invalid_model");
            chat.send("{\"type\":\"resume\",\"afterSeq\":-4}");
            chat.awaitError("invalid_after_seq");
            assertThat(chat.frames.stream().filter(f -> "error".equals(f.getString("type")))).hasSize(10);
            assertThat(chat.events()).isEmpty();

            // exactly 100 KiB is fine, and the conversation goes on in the same process
            chat.message("y".repeat(100 * 1024));
            chat.awaitEvents("result", 1);
            chat.message("still fine");
            chat.awaitEvents("result", 2);
            assertThat(chat.isOpen()).isTrue();
            assertThat(AgentProcesses.in(worktree(session))).isEqualTo(agent);
        }
    }

    @Test
    void agentWithoutCredentialsShowsAClearError() {
        SessionSnapshot session = session(Map.of("FAKE_CLAUDE_AUTH", "none"));
        try (ChatClient chat = chat(session)) {
            chat.message("hello");
            chat.awaitEvents("result", 1);
            chat.awaitStatus("error");
            assertThat(chat.status().orElseThrow().getString("reason")).contains("cannot authenticate")
                    .contains("Not logged in");
            assertThat(chat.events("error")).isNotEmpty();
        }
    }

    @Test
    void setModelRestartsTheAgentWithTheNewModelAndResumes() {
        SessionSnapshot session = session(Map.of());
        try (ChatClient chat = chat(session)) {
            chat.message("with the default model");
            chat.awaitEvents("result", 1);
            String conversation = event(chat.events("system").get(0)).getString("agentSessionId");
            assertThat(event(chat.events("system").get(0)).getString("model")).isEqualTo("sonnet");
            List<ProcessHandle> before = AgentProcesses.in(worktree(session));

            chat.send(new JsonObject().put("type", "set_model").put("model", "opus"));
            chat.awaitFrame(f -> "status".equals(f.getString("type")) && "opus".equals(f.getString("model"))
                    && "idle".equals(f.getString("state")));
            chat.message("with opus");
            chat.awaitEvents("result", 2);
            JsonObject init = event(chat.events("system").get(1));
            assertThat(init.getString("model")).isEqualTo("opus");
            assertThat(init.getString("agentSessionId")).isEqualTo(conversation);
            assertThat(AgentProcesses.in(worktree(session))).hasSize(1).doesNotContainAnyElementsOf(before);
            assertThat(chat.events("assistant_text")).anySatisfy(
                    e -> assertThat(event(e).getString("text")).isEqualTo("Done with turn 2."));
            assertThat(new BigDecimal(event(chat.events("result").get(1)).getString("costUsd")))
                    .isEqualByComparingTo(TURN_COST);
        }
    }

    @Test
    void pullRequestUrlsAreAnnouncedOncePerSession() {
        SessionSnapshot session = session(Map.of());
        try (TestConsumer prs = TestConsumer.fromEnd(Topics.PULL_REQUESTS); ChatClient chat = chat(session)) {
            chat.message("open a pull request");
            chat.awaitEvents("result", 1);
            ConsumerRecord<String, String> detected = prs.awaitRecord(r -> session.sessionId().equals(r.key()));
            JsonNode data = tree(detected.value()).path("data");
            assertThat(data.path("url").asText()).isEqualTo(FakeClaudeAgent.PR_URL);
            assertThat(data.path("provider").asText()).isEqualTo("github");
            assertThat(data.path("namespace").asText()).isEqualTo("acme");
            assertThat(data.path("repository").asText()).isEqualTo("widgets");
            assertThat(data.path("number").asLong()).isEqualTo(7);
            assertThat(data.path("source").asText()).isEqualTo("chat");
            assertThat(event(chat.events("tool_use").get(1)).getString("summary")).isEqualTo("gh pr create --fill");

            chat.message("open that pull request again");
            chat.awaitEvents("result", 2);
            // the result comes after the tool output it scanned, so the (absent) second announcement is decided
            assertThat(prs.records().stream().filter(r -> session.sessionId().equals(r.key()))).hasSize(1);
        }
    }

    @Test
    void historyPagesAndLongToolResultsComeInFullOnRequest() {
        SessionSnapshot session = session(Map.of());
        try (ChatClient chat = chat(session)) {
            chat.message("produce long output");
            chat.awaitEvents("result", 1);
            JsonObject longResult = chat.events("tool_result").stream()
                    .filter(f -> event(f).getBoolean("truncated")).findFirst().orElseThrow();
            assertThat(event(longResult).getString("text")).hasSize(2000);
            assertThat(event(longResult).getInteger("length")).isEqualTo(20_000);

            String token = TestTokens.bearer("alice");
            given().auth().oauth2(token).get("/api/sessions/{id}/chat/events/{seq}", session.sessionId(),
                    longResult.getLong("seq"))
                    .then().statusCode(200)
                    .body("seq", org.hamcrest.Matchers.is(longResult.getInteger("seq")))
                    .body("event.truncated", org.hamcrest.Matchers.is(false))
                    .body("event.text.length()", org.hamcrest.Matchers.is(20_000));

            long total = chat.lastSeq();
            var page1 = given().auth().oauth2(token).queryParam("limit", 3)
                    .get("/api/sessions/{id}/chat/events", session.sessionId())
                    .then().statusCode(200).extract().jsonPath();
            assertThat(page1.getList("events.seq", Integer.class)).containsExactly(1, 2, 3);
            assertThat(page1.getBoolean("hasMore")).isTrue();
            var rest = given().auth().oauth2(token).queryParam("afterSeq", page1.getLong("lastSeq"))
                    .queryParam("limit", 500).get("/api/sessions/{id}/chat/events", session.sessionId())
                    .then().statusCode(200).extract().jsonPath();
            assertThat(rest.getList("events.seq", Integer.class)).hasSize((int) total - 3);
            assertThat(rest.getBoolean("hasMore")).isFalse();
            assertThat(rest.getString("events[0].event.kind")).isNotBlank();

            given().auth().oauth2(TestTokens.bearer("bob")).get("/api/sessions/{id}/chat/events", session.sessionId())
                    .then().statusCode(403).body("error", org.hamcrest.Matchers.is("not your session"));
            given().auth().oauth2(TestTokens.admin("root")).get("/api/sessions/{id}/chat/events", session.sessionId())
                    .then().statusCode(200);
            given().auth().oauth2(token).get("/api/sessions/{id}/chat/events", "no-such-session")
                    .then().statusCode(404).body("error", org.hamcrest.Matchers.is("no such session"));
            given().auth().oauth2(token).queryParam("limit", 0)
                    .get("/api/sessions/{id}/chat/events", session.sessionId())
                    .then().statusCode(400).body("error", org.hamcrest.Matchers.is("invalid limit"));
            given().get("/api/sessions/{id}/chat/events", session.sessionId()).then().statusCode(401);
        }
    }
}
