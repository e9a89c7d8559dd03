package dev.podbench.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.podbench.events.session.SessionSnapshot;
import dev.podbench.testkit.TestTokens;
import dev.podbench.testkit.agent.FakeClaudeAgentResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;

/**
 * The agent asks before it acts (issue 17): the fake agent runs with {@code --permission-prompt-tool stdio} and asks
 * before a Bash command; rules of the %test profile: allow {@code Bash(touch by-rule.txt)}, deny
 * {@code Bash(curl:*)} (installation), allow {@code Bash(curl:*)} (this repository: the deny wins); questions time
 * out after 15 s.
 */
@QuarkusTest
@QuarkusTestResource(FakeClaudeAgentResource.class)
class ChatPermissionsTest extends ChatSocketTest {

    private SessionSnapshot session() {
        return TestSessions.active(podRoot, "alice", Map.of());
    }

    private ChatClient chat(SessionSnapshot session) {
        return ChatClient.connect(vertx, base, session.sessionId(), TestTokens.bearer("alice"),
                ChatGatewayTest.ORIGIN);
    }

    private static Path worktree(SessionSnapshot session) {
        return Path.of(session.worktreePath());
    }

    static JsonObject event(JsonObject frame) {
        return frame.getJsonObject("event");
    }

    static JsonObject question(ChatClient chat, int n) {
        return event(chat.awaitEvents("permission_request", n).get(n - 1));
    }

    static JsonObject decision(ChatClient chat, String requestId) {
        return event(chat.awaitEvent(e -> "permission_decision".equals(e.getString("kind"))
                && requestId.equals(e.getString("requestId"))));
    }

    static void answer(ChatClient chat, String requestId, String decision) {
        chat.send(new JsonObject().put("type", "permission").put("requestId", requestId).put("decision", decision));
    }

    /** {@code set_permission_mode}, returning once the status shows the mode. */
    static void switchMode(ChatClient chat, String mode) {
        chat.send(new JsonObject().put("type", "set_permission_mode").put("mode", mode));
        chat.awaitFrame(f -> "status".equals(f.getString("type")) && mode.equals(f.getString("permissionMode")));
    }

    @Test
    void allowedCommandRunsInTheWorktreeAfterThePersonSaysSo() {
        SessionSnapshot session = session();
        try (ChatClient chat = chat(session)) {
            chat.message("run: touch allowed-by-person.txt");
            JsonObject asked = question(chat, 1);
            assertThat(asked.getString("tool")).isEqualTo("Bash");
            assertThat(asked.getJsonObject("input").getString("command")).isEqualTo("touch allowed-by-person.txt");
            assertThat(asked.getJsonArray("suggestions")).isNotEmpty();
            assertThat(asked.getString("toolUseId")).isNotBlank();
            chat.awaitStatus("working");
            assertThat(worktree(session).resolve("allowed-by-person.txt")).doesNotExist();

            answer(chat, asked.getString("requestId"), "allow");
            JsonObject decided = decision(chat, asked.getString("requestId"));
            assertThat(decided.getString("decision")).isEqualTo("allow");
            assertThat(decided.getString("by")).isEqualTo("alice");
            chat.awaitEvents("result", 1);
            assertThat(worktree(session).resolve("allowed-by-person.txt")).exists();
            chat.awaitStatus("idle");
        }
    }

    @Test
    void deniedCommandDoesNotRunAndTheAgentHearsTheReason() {
        SessionSnapshot session = session();
        try (ChatClient chat = chat(session)) {
            chat.message("run: touch denied.txt");
            JsonObject asked = question(chat, 1);
            chat.send(new JsonObject().put("type", "permission").put("requestId", asked.getString("requestId"))
                    .put("decision", "deny").put("message", "not today"));
            JsonObject decided = decision(chat, asked.getString("requestId"));
            assertThat(decided.getString("decision")).isEqualTo("deny");
            assertThat(decided.getString("message")).isEqualTo("not today");
            chat.awaitEvents("result", 1);
            assertThat(chat.events("tool_result")).anySatisfy(r -> {
                assertThat(event(r).getBoolean("isError")).isTrue();
                assertThat(event(r).getString("text")).isEqualTo("not today");
            });
            assertThat(worktree(session).resolve("denied.txt")).doesNotExist();
        }
    }

    @Test
    void allowedForTheSessionIsNotAskedAgainEvenByARestartedAgent() {
        SessionSnapshot session = session();
        try (ChatClient chat = chat(session)) {
            chat.message("run: touch one.txt");
            JsonObject asked = question(chat, 1);
            answer(chat, asked.getString("requestId"), "allow_session");
            assertThat(decision(chat, asked.getString("requestId")).getString("decision")).isEqualTo("allow_session");
            chat.awaitEvents("result", 1);

            // the agent itself keeps the granted rule (touch:*)
            chat.message("run: touch two.txt");
            chat.awaitEvents("result", 2);
            assertThat(worktree(session).resolve("two.txt")).exists();
            assertThat(chat.events("permission_request")).hasSize(1);

            // a new agent process does not know it; the gateway answers for the session
            List<ProcessHandle> agents = AgentProcesses.in(worktree(session));
            assertThat(agents).hasSize(1);
            agents.get(0).destroyForcibly();
            chat.awaitEvent(e -> "agent_restarting".equals(e.getString("code")));
            chat.awaitStatus("idle");
            chat.message("run: touch three.txt");
            chat.awaitEvents("result", 3);
            assertThat(worktree(session).resolve("three.txt")).exists();
            JsonObject again = question(chat, 2);
            JsonObject decided = decision(chat, again.getString("requestId"));
            assertThat(decided.getString("by")).isEqualTo("session_rule");
            assertThat(decided.getString("rule")).isEqualTo("Bash(touch:*)");
        }
    }

    @Test
    void anAdministratorsRuleAnswersWithoutAskingAndIsRecorded() {
        SessionSnapshot session = session();
        try (ChatClient chat = chat(session)) {
            chat.message("run: touch by-rule.txt");
            chat.awaitEvents("result", 1);
            assertThat(worktree(session).resolve("by-rule.txt")).exists();
            JsonObject asked = question(chat, 1);
            JsonObject decided = decision(chat, asked.getString("requestId"));
            assertThat(decided.getString("decision")).isEqualTo("allow");
            assertThat(decided.getString("by")).isEqualTo("rule");
            assertThat(decided.getString("rule")).isEqualTo("Bash(touch by-rule.txt)");
        }
    }

    @Test
    void aDenyRuleWinsOverTheRepositorysAllowRule() {
        SessionSnapshot session = session();
        try (ChatClient chat = chat(session)) {
            chat.message("run: curl -s http://127.0.0.1:9/ -o curl-ran.txt");
            chat.awaitEvents("result", 1);
            JsonObject decided = decision(chat, question(chat, 1).getString("requestId"));
            assertThat(decided.getString("decision")).isEqualTo("deny");
            assertThat(decided.getString("by")).isEqualTo("rule");
            assertThat(decided.getString("rule")).isEqualTo("Bash(curl:*)");
            assertThat(worktree(session).resolve("curl-ran.txt")).doesNotExist();
        }
    }

    @Test
    void aPendingQuestionIsReplayedAfterAReconnectUntilAnswered() {
        SessionSnapshot session = session();
        JsonObject asked;
        long seen;
        try (ChatClient first = chat(session)) {
            first.message("run: touch after-reconnect.txt");
            asked = question(first, 1);
            // the tab saw more since: its cursor is past the question
            first.awaitStatus("working");
            seen = first.lastSeq();
        }
        try (ChatClient second = chat(session)) {
            second.send(new JsonObject().put("type", "resume").put("afterSeq", seen));
            JsonObject replayed = question(second, 1);
            assertThat(replayed.getString("requestId")).isEqualTo(asked.getString("requestId"));
            answer(second, asked.getString("requestId"), "allow");
            second.awaitEvents("result", 1);
            assertThat(worktree(session).resolve("after-reconnect.txt")).exists();
        }
        try (ChatClient third = chat(session)) {
            // answered: no longer replayed
            third.send(new JsonObject().put("type", "resume").put("afterSeq", seen + 1000));
            third.awaitStatus("idle");
            await().during(Duration.ofMillis(500)).atMost(ChatClient.TIMEOUT)
                    .until(() -> third.events("permission_request").isEmpty());
        }
    }

    @Test
    void twoTabsTheFirstAnswerWinsAndTheOtherSeesIt() {
        SessionSnapshot session = session();
        try (ChatClient one = chat(session); ChatClient two = chat(session)) {
            one.message("run: touch two-tabs.txt");
            String requestId = question(one, 1).getString("requestId");
            assertThat(question(two, 1).getString("requestId")).isEqualTo(requestId);
            answer(two, requestId, "allow");
            assertThat(decision(two, requestId).getString("decision")).isEqualTo("allow");
            JsonObject seenByOne = decision(one, requestId);
            assertThat(seenByOne.getString("decision")).isEqualTo("allow");

            answer(one, requestId, "deny");
            one.awaitError("already_answered");
            one.awaitEvents("result", 1);
            assertThat(worktree(session).resolve("two-tabs.txt")).exists();
            assertThat(one.events("permission_decision")).hasSize(1);
            assertThat(two.frames.stream().filter(f -> "error".equals(f.getString("type")))).isEmpty();
        }
    }

    @Test
    void anUnansweredQuestionIsDeniedWithNoAnswer() {
        SessionSnapshot session = session();
        try (ChatClient chat = chat(session)) {
            chat.message("run: touch too-late.txt");
            String requestId = question(chat, 1).getString("requestId");
            JsonObject decided = event(await().atMost(ChatClient.TIMEOUT.plusSeconds(30)).until(
                    () -> chat.events("permission_decision").stream().findFirst(), java.util.Optional::isPresent)
                    .orElseThrow());
            assertThat(decided.getString("requestId")).isEqualTo(requestId);
            assertThat(decided.getString("decision")).isEqualTo("deny");
            assertThat(decided.getString("by")).isEqualTo("timeout");
            assertThat(decided.getString("message")).isEqualTo("no answer");
            chat.awaitEvents("result", 1);
            assertThat(worktree(session).resolve("too-late.txt")).doesNotExist();
            answer(chat, requestId, "allow");
            chat.awaitError("already_answered");
        }
    }

    @Test
    void interruptWhileAskingDeniesTheQuestionAndStopsTheTurn() {
        SessionSnapshot session = session();
        try (ChatClient chat = chat(session)) {
            chat.message("run: touch interrupted.txt");
            String requestId = question(chat, 1).getString("requestId");
            chat.send(new JsonObject().put("type", "interrupt"));
            JsonObject decided = decision(chat, requestId);
            assertThat(decided.getString("decision")).isEqualTo("deny");
            assertThat(decided.getString("by")).isEqualTo("interrupt");
            chat.awaitEvents("interrupted", 1);
            JsonObject result = event(chat.awaitEvents("result", 1).get(0));
            assertThat(result.getString("subtype")).isEqualTo("error_during_execution");
            chat.awaitStatus("idle");
            assertThat(worktree(session).resolve("interrupted.txt")).doesNotExist();
            // the turn file comes after the question: the turn really stopped there
            assertThat(worktree(session).resolve("fake-claude-turn-1.txt")).doesNotExist();
        }
    }

    @Test
    void badPermissionFramesGetAnErrorOnThatSocketOnly() {
        SessionSnapshot session = session();
        try (ChatClient chat = chat(session); ChatClient other = chat(session)) {
            chat.message("run: touch bad-frames.txt");
            String requestId = question(chat, 1).getString("requestId");
            long before = chat.lastSeq();
            answer(chat, "no-such-request", "allow");
            chat.awaitError("unknown_request");
            answer(chat, requestId, "maybe");
            chat.awaitError("invalid_decision");
            chat.send(new JsonObject().put("type", "permission").put("decision", "allow"));
            chat.awaitError("invalid_request_id");
            chat.send(new JsonObject().put("type", "permission").put("requestId", requestId).put("decision", "allow")
                    .put("answers", "blue"));
            chat.awaitError("invalid_answers");
            chat.send(new JsonObject().put("type", "set_permission_mode").put("mode", "yolo"));
            chat.awaitError("invalid_permission_mode");
            // nothing changed: the question still waits, no event was added, the other tab heard nothing
            assertThat(chat.lastSeq()).isEqualTo(before);
            assertThat(worktree(session).resolve("bad-frames.txt")).doesNotExist();
            assertThat(other.frames.stream().filter(f -> "error".equals(f.getString("type")))).isEmpty();
            answer(chat, requestId, "allow");
            chat.awaitEvents("result", 1);
            assertThat(worktree(session).resolve("bad-frames.txt")).exists();
        }
    }

    @Test
    void askUserQuestionGetsThePersonsChoice() {
        SessionSnapshot session = session();
        try (ChatClient chat = chat(session)) {
            chat.message("ask: Which colour? red | blue");
            JsonObject asked = question(chat, 1);
            assertThat(asked.getString("tool")).isEqualTo("AskUserQuestion");
            JsonObject q = asked.getJsonObject("input").getJsonArray("questions").getJsonObject(0);
            assertThat(q.getString("question")).isEqualTo("Which colour?");
            assertThat(q.getJsonArray("options").getJsonObject(1).getString("label")).isEqualTo("blue");
            chat.send(new JsonObject().put("type", "permission").put("requestId", asked.getString("requestId"))
                    .put("decision", "allow").put("answers", new JsonObject().put("Which colour?", "blue")));
            chat.awaitEvents("result", 1);
            assertThat(chat.events("tool_result")).anySatisfy(
                    r -> assertThat(event(r).getString("text")).contains("\"Which colour?\"=\"blue\""));
        }
    }

    @Test
    void thePermissionModeReachesTheAgentIsShownAndSurvivesARestart() throws Exception {
        SessionSnapshot session = session();
        try (ChatClient chat = chat(session)) {
            chat.awaitStatus("idle");
            assertThat(chat.status().orElseThrow().getString("permissionMode")).isEqualTo("acceptEdits");
            assertThat(chat.status().orElseThrow().getBoolean("bypassAllowed")).as("the dashboard offers bypassPermissions only where allowed").isFalse();

            chat.send(new JsonObject().put("type", "set_permission_mode").put("mode", "bypassPermissions"));
            chat.awaitError("bypass_not_allowed");

            switchMode(chat, "plan");
            chat.message("write your file");
            chat.awaitEvents("result", 1);
            assertThat(chat.events("tool_result")).anySatisfy(
                    r -> assertThat(event(r).getString("text")).contains("Plan mode is active"));
            assertThat(worktree(session).resolve("fake-claude-turn-1.txt")).doesNotExist();

            // default: even the turn's own file is asked for now
            switchMode(chat, "default");
            chat.message("write it now");
            JsonObject asked = question(chat, 1);
            assertThat(asked.getString("tool")).isEqualTo("Write");
            answer(chat, asked.getString("requestId"), "deny");
            chat.awaitEvents("result", 2);

            // a restarted agent starts with the session's mode
            List<ProcessHandle> agents = AgentProcesses.in(worktree(session));
            agents.get(0).destroyForcibly();
            await().atMost(ChatClient.TIMEOUT).until(() -> AgentProcesses.in(worktree(session)).stream()
                    .anyMatch(p -> !agents.contains(p) && p.info().commandLine().orElse("")
                            .contains("--permission-mode default --permission-prompt-tool stdio")));
            assertThat(Files.exists(worktree(session).resolve("fake-claude-turn-2.txt"))).isFalse();
        }
    }
}
