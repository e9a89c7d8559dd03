package dev.podbench.chat;

import static dev.podbench.chat.ChatPermissionsTest.answer;
import static dev.podbench.chat.ChatPermissionsTest.decision;
import static dev.podbench.chat.ChatPermissionsTest.question;
import static dev.podbench.chat.ChatPermissionsTest.switchMode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.podbench.chat.agent.AgentLauncher;
import dev.podbench.chat.agent.AgentConversations;
import dev.podbench.chat.agent.AgentSupervisor;
import dev.podbench.chat.agent.AgentSupervisors;
import dev.podbench.chat.agent.PullRequestSightings;
import dev.podbench.chat.agent.TurnUsage;
import dev.podbench.chat.config.ChatConfig;
import dev.podbench.chat.events.ChatEventsPublisher;
import dev.podbench.chat.permission.PermissionPolicy;
import dev.podbench.chat.transcript.StoredEvent;
import dev.podbench.chat.transcript.TranscriptNormalizer;
import dev.podbench.chat.transcript.TranscriptStore;
import dev.podbench.events.pullrequest.GitHostsConfig;
import dev.podbench.events.session.SessionSnapshot;
import dev.podbench.testkit.TestTokens;
import dev.podbench.testkit.agent.FakeClaudeAgentResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;

/**
 * A gateway restart keeps a session's permission mode and the rules the person allowed for it (issue 17). A restarted
 * gateway knows nothing of a session until its first chat connection, which assembles the session's supervisor
 * ({@link AgentSupervisors#forSession}) from the database; the test plays that with a second {@link AgentSupervisors}
 * built from the same beans, after the first one stopped the session's agent as a shutdown does.
 */
@QuarkusTest
@QuarkusTestResource(FakeClaudeAgentResource.class)
class PermissionsAfterGatewayRestartTest extends ChatSocketTest {

    /** The running gateway's supervisors. */
    @Inject
    AgentSupervisors supervisors;

    // what a restarted gateway assembles its supervisors from
    @Inject
    ChatConfig config;
    @Inject
    AgentLauncher launcher;
    @Inject
    AgentConversations conversations;
    @Inject
    TranscriptStore transcriptStore;
    @Inject
    TranscriptNormalizer normalizer;
    @Inject
    TurnUsage usage;
    @Inject
    GitHostsConfig gitHosts;
    @Inject
    PullRequestSightings pullRequests;
    @Inject
    ChatEventsPublisher publisher;
    @Inject
    ObjectMapper mapper;
    @Inject
    PermissionPolicy permissionPolicy;

    @Test
    void theRestartedGatewaysAgentRunsWithTheSessionsModeAndItsAllowedRulesAnswer() {
        SessionSnapshot session = TestSessions.active(podRoot, "alice", Map.of());
        Path worktree = Path.of(session.worktreePath());
        try (ChatClient chat = ChatClient.connect(vertx, base, session.sessionId(), TestTokens.bearer("alice"),
                ChatGatewayTest.ORIGIN)) {
            chat.awaitStatus("idle");
            // not the %test profile's mode (acceptEdits), and one in which Bash asks (in plan mode no tool runs)
            switchMode(chat, "default");
            chat.message("run: touch one.txt");
            JsonObject asked = question(chat, 1);
            assertThat(asked.getString("tool")).isEqualTo("Bash");
            answer(chat, asked.getString("requestId"), "allow_session");
            assertThat(decision(chat, asked.getString("requestId")).getString("decision")).isEqualTo("allow_session");
            // in this mode the fake agent also asks to write its turn's file
            JsonObject write = question(chat, 2);
            assertThat(write.getString("tool")).isEqualTo("Write");
            answer(chat, write.getString("requestId"), "deny");
            chat.awaitEvents("result", 1);
        }

        // the gateway goes down: its agent is stopped as on shutdown
        supervisors.forSession(session).chain(AgentSupervisor::stop).await().atMost(ChatClient.TIMEOUT);
        await().atMost(ChatClient.TIMEOUT).until(() -> AgentProcesses.in(worktree).isEmpty());

        AgentSupervisors restarted = new AgentSupervisors(config, launcher, conversations, transcriptStore, normalizer,
                usage, gitHosts, pullRequests, publisher, mapper, vertx, permissionPolicy);
        AgentSupervisor supervisor = restarted.forSession(session).await().atMost(ChatClient.TIMEOUT);
        try {
            assertThat(supervisor.status().permissionMode()).isEqualTo("default");
            long before = supervisor.lastSeq();
            supervisor.send("run: touch two.txt").await().atMost(ChatClient.TIMEOUT);

            await().atMost(ChatClient.TIMEOUT).until(() -> AgentProcesses.in(worktree).stream()
                    .anyMatch(p -> p.info().commandLine().orElse("")
                            .contains("--permission-mode default --permission-prompt-tool stdio --resume ")));
            List<ObjectNode> events = await().atMost(ChatClient.TIMEOUT)
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> eventsAfter(supervisor, before),
                            seen -> !ofKind(seen, "permission_decision").isEmpty());
            List<ObjectNode> asked = ofKind(events, "permission_request").stream()
                    .filter(e -> "Bash".equals(e.path("tool").asText())).toList();
            assertThat(asked).as("the new agent process does not know the rule, so it asks").hasSize(1);
            String requestId = asked.get(0).path("requestId").asText();
            List<ObjectNode> decided = ofKind(events, "permission_decision");
            assertThat(decided).hasSize(1);
            assertThat(decided.get(0).path("requestId").asText()).isEqualTo(requestId);
            assertThat(decided.get(0).path("decision").asText()).isEqualTo("allow");
            assertThat(decided.get(0).path("by").asText()).isEqualTo("session_rule");
            assertThat(decided.get(0).path("rule").asText()).isEqualTo("Bash(touch:*)");
            assertThat(supervisor.permissions().pendingRequests())
                    .noneMatch(e -> requestId.equals(e.event().path("requestId").asText()));
            await().atMost(ChatClient.TIMEOUT).until(() -> Files.exists(worktree.resolve("two.txt")));
        } finally {
            supervisor.stop().await().atMost(ChatClient.TIMEOUT);
        }
    }

    private static List<ObjectNode> eventsAfter(AgentSupervisor supervisor, long afterSeq) {
        return supervisor.eventsAfter(afterSeq, 100).await().atMost(ChatClient.TIMEOUT).stream()
                .map(StoredEvent::event).toList();
    }

    private static List<ObjectNode> ofKind(List<ObjectNode> events, String kind) {
        return events.stream().filter(e -> kind.equals(e.path("kind").asText())).toList();
    }
}
