package dev.podbench.testkit.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FakeClaudeAgentTest {

    @TempDir
    Path worktree;
    @TempDir
    Path state;

    @Test
    void twoTurnsInOneProcessThenResumeContinues() throws Exception {
        Agent agent = start(List.of());
        List<Map<?, ?>> first = agent.turn("hello");
        Map<?, ?> init = first.get(0);
        assertEquals("init", init.get("subtype"));
        String sessionId = (String) init.get("session_id");
        assertTrue(Files.readString(worktree.resolve("fake-claude-turn-1.txt")).contains("hello"));
        assertEquals(new BigDecimal("0.0125"), last(first).get("total_cost_usd"));
        List<Map<?, ?>> second = agent.turn("again");
        assertEquals(new BigDecimal("0.0250"), last(second).get("total_cost_usd"));
        assertTrue(Files.exists(worktree.resolve("fake-claude-turn-2.txt")));
        agent.close();

        Agent resumed = start(List.of("--resume", sessionId));
        List<Map<?, ?>> third = resumed.turn("third");
        assertEquals(sessionId, third.get(0).get("session_id"));
        assertEquals(new BigDecimal("0.0375"), last(third).get("total_cost_usd"));
        assertTrue(Files.exists(worktree.resolve("fake-claude-turn-3.txt")));
        resumed.close();
    }

    @Test
    void interruptEndsTheTurnAndTheProcessStays() throws Exception {
        Agent agent = start(List.of());
        agent.send("{\"type\":\"user\",\"message\":{\"role\":\"user\",\"content\":\"be slow\"}}");
        agent.readUntil(m -> "assistant".equals(m.get("type")) && m.toString().contains("Turn 1"));
        agent.send("{\"type\":\"control_request\",\"request_id\":\"r1\",\"request\":{\"subtype\":\"interrupt\"}}");
        List<Map<?, ?>> rest = agent.readUntil(m -> "result".equals(m.get("type")));
        assertTrue(rest.stream().anyMatch(m -> "control_response".equals(m.get("type"))));
        assertEquals("error_during_execution", last(rest).get("subtype"));
        List<Map<?, ?>> next = agent.turn("still there?");
        assertEquals("success", last(next).get("subtype"));
        agent.close();
    }

    @Test
    void withoutKeyItAnswersNotLoggedIn() throws Exception {
        Agent agent = start(List.of(), false);
        List<Map<?, ?>> turn = agent.turn("hi");
        assertTrue(turn.stream().anyMatch(m -> "authentication_failed".equals(m.get("error"))));
        assertEquals(Boolean.TRUE, last(turn).get("is_error"));
        agent.close();
    }

    @Test
    void brokenJsonEndsTheProcess() throws Exception {
        Agent agent = start(List.of());
        agent.send("not json");
        assertTrue(agent.process.waitFor(20, TimeUnit.SECONDS));
        assertEquals(1, agent.process.exitValue());
    }

    @Test
    void withoutThePromptToolItDeniesWhatTheModeDoesNotCoverAndReportsIt() throws Exception {
        Agent agent = start(List.of("--permission-mode", "default"));
        List<Map<?, ?>> turn = agent.turn("run: touch denied.txt");
        assertTrue(turn.stream().noneMatch(m -> "control_request".equals(m.get("type"))));
        assertTrue(turn.stream().anyMatch(m -> m.toString().contains("Claude requested permissions to use Bash")));
        List<?> denials = (List<?>) last(turn).get("permission_denials");
        assertEquals(List.of("Bash", "Write"), denials.stream().map(d -> ((Map<?, ?>) d).get("tool_name")).toList());
        assertFalse(Files.exists(worktree.resolve("denied.txt")));
        assertFalse(Files.exists(worktree.resolve("fake-claude-turn-1.txt")));
        agent.close();
    }

    @Test
    void withThePromptToolItAsksRunsTheAllowedCommandAndKeepsTheSessionRule() throws Exception {
        Agent agent = start(List.of("--permission-prompt-tool", "stdio"));
        agent.send(user("run: touch allowed-by-person.txt"));
        Map<?, ?> question = last(agent.readUntil(m -> "control_request".equals(m.get("type"))));
        Map<?, ?> request = (Map<?, ?>) question.get("request");
        assertEquals("can_use_tool", request.get("subtype"));
        assertEquals("Bash", request.get("tool_name"));
        assertEquals("touch allowed-by-person.txt", ((Map<?, ?>) request.get("input")).get("command"));
        assertFalse(Files.exists(worktree.resolve("allowed-by-person.txt")));
        answer(agent, question, FakeClaudeAgent.map("behavior", "allow", "updatedInput", request.get("input"),
                "updatedPermissions", request.get("permission_suggestions")));
        List<Map<?, ?>> rest = agent.readUntil(m -> "result".equals(m.get("type")));
        assertTrue(Files.exists(worktree.resolve("allowed-by-person.txt")));
        assertEquals(List.of(), last(rest).get("permission_denials"));

        // the suggested rule (touch:*) was granted for the session: no second question
        List<Map<?, ?>> second = agent.turn("run: touch again.txt");
        assertTrue(second.stream().noneMatch(m -> "control_request".equals(m.get("type"))));
        assertTrue(Files.exists(worktree.resolve("again.txt")));
        agent.close();
    }

    @Test
    void aDeniedQuestionGetsTheReasonAndNothingRuns() throws Exception {
        Agent agent = start(List.of("--permission-prompt-tool", "stdio"));
        agent.send(user("run: touch no.txt"));
        Map<?, ?> question = last(agent.readUntil(m -> "control_request".equals(m.get("type"))));
        answer(agent, question, FakeClaudeAgent.map("behavior", "deny", "message", "not now"));
        List<Map<?, ?>> rest = agent.readUntil(m -> "result".equals(m.get("type")));
        assertTrue(rest.stream().anyMatch(m -> m.toString().contains("not now")));
        assertFalse(Files.exists(worktree.resolve("no.txt")));
        agent.close();
    }

    @Test
    void planModeRunsNoToolAndAnInterruptEndsAPendingQuestion() throws Exception {
        Agent agent = start(List.of("--permission-prompt-tool", "stdio"));
        agent.send("{\"type\":\"control_request\",\"request_id\":\"m1\",\"request\":{\"subtype\":"
                + "\"set_permission_mode\",\"mode\":\"plan\"}}");
        Map<?, ?> ack = last(agent.readUntil(m -> "control_response".equals(m.get("type"))));
        assertEquals("success", ((Map<?, ?>) ack.get("response")).get("subtype"));
        agent.turn("plan something");
        assertFalse(Files.exists(worktree.resolve("fake-claude-turn-1.txt")));

        agent.send("{\"type\":\"control_request\",\"request_id\":\"m2\",\"request\":{\"subtype\":"
                + "\"set_permission_mode\",\"mode\":\"default\"}}");
        agent.send(user("run: touch never.txt"));
        agent.readUntil(m -> "control_request".equals(m.get("type")));
        agent.send("{\"type\":\"control_request\",\"request_id\":\"i1\",\"request\":{\"subtype\":\"interrupt\"}}");
        List<Map<?, ?>> rest = agent.readUntil(m -> "result".equals(m.get("type")));
        assertEquals("error_during_execution", last(rest).get("subtype"));
        assertFalse(Files.exists(worktree.resolve("never.txt")));
        agent.close();
    }

    private static void answer(Agent agent, Map<?, ?> question, Map<String, Object> decision) throws IOException {
        agent.send(MiniJson.write(FakeClaudeAgent.map("type", "control_response", "response", FakeClaudeAgent.map(
                "subtype", "success", "request_id", question.get("request_id"), "response", decision))));
    }

    private static String user(String text) {
        return "{\"type\":\"user\",\"message\":{\"role\":\"user\",\"content\":\"" + text + "\"}}";
    }

    private static Map<?, ?> last(List<Map<?, ?>> messages) {
        return messages.get(messages.size() - 1);
    }

    private Agent start(List<String> extra) throws IOException {
        return start(extra, true);
    }

    private Agent start(List<String> extra, boolean withKey) throws IOException {
        List<String> argv = new ArrayList<>(List.of(FakeClaudeAgentExecutable.path().toString(), "-p",
                "--input-format", "stream-json", "--output-format", "stream-json", "--verbose", "--model", "m1",
                // the turn's own file is an edit: accepted without asking, as the chat-gateway tests run it
                "--permission-mode", "acceptEdits"));
        argv.addAll(extra);
        ProcessBuilder pb = new ProcessBuilder(argv).directory(worktree.toFile());
        pb.environment().put("FAKE_CLAUDE_STATE_DIR", state.toString());
        if (withKey) {
            pb.environment().put("ANTHROPIC_API_KEY", "k");
        } else {
            pb.environment().remove("ANTHROPIC_API_KEY");
        }
        pb.redirectError(ProcessBuilder.Redirect.INHERIT);
        return new Agent(pb.start());
    }

    private static final class Agent {
        final Process process;
        final BufferedReader reader;
        final OutputStream stdin;

        Agent(Process process) {
            this.process = process;
            this.reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            this.stdin = process.getOutputStream();
        }

        void send(String line) throws IOException {
            stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            stdin.flush();
        }

        List<Map<?, ?>> turn(String text) throws IOException {
            send("{\"type\":\"user\",\"message\":{\"role\":\"user\",\"content\":\"" + text + "\"}}");
            return readUntil(m -> "result".equals(m.get("type")));
        }

        List<Map<?, ?>> readUntil(java.util.function.Predicate<Map<?, ?>> last) throws IOException {
            List<Map<?, ?>> messages = new ArrayList<>();
            String line;
            while ((line = reader.readLine()) != null) {
                Map<?, ?> m = (Map<?, ?>) MiniJson.parse(line);
                messages.add(m);
                if (last.test(m)) {
                    return messages;
                }
            }
            throw new IllegalStateException("agent ended early: " + messages);
        }

        void close() throws Exception {
            stdin.close();
            assertTrue(process.waitFor(20, TimeUnit.SECONDS));
            assertEquals(0, process.exitValue());
        }
    }
}
