package dev.podbench.testkit.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

    private static Map<?, ?> last(List<Map<?, ?>> messages) {
        return messages.get(messages.size() - 1);
    }

    private Agent start(List<String> extra) throws IOException {
        return start(extra, true);
    }

    private Agent start(List<String> extra, boolean withKey) throws IOException {
        List<String> argv = new ArrayList<>(List.of(FakeClaudeAgentExecutable.path().toString(), "-p",
                "--input-format", "stream-json", "--output-format", "stream-json", "--verbose", "--model", "m1"));
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
