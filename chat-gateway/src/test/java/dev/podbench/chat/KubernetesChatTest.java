package dev.podbench.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.podbench.events.session.SessionSnapshot;
import dev.podbench.events.session.SessionState;
import dev.podbench.testkit.TestTokens;
import dev.podbench.testkit.agent.FakeClaudeAgentResource;
import dev.podbench.testkit.kubernetes.KubernetesTestProfile;
import dev.podbench.testkit.kubernetes.KubernetesTestResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.Vertx;

/**
 * The chat on the {@code kubernetes} runtime: the agent is a pod exec without a TTY (stream-json on stdin/stdout,
 * its API key passed through the exec's stdin, never the URL) against the mock API server, whose pod runs the fake
 * agent for real in the session's worktree.
 */
@QuarkusTest
@TestProfile(KubernetesTestProfile.class)
@QuarkusTestResource(FakeClaudeAgentResource.class)
class KubernetesChatTest {

    private static final String POD = "pb-chat-repo-0";

    @Inject
    Vertx vertx;
    @Inject
    KubernetesClient kubernetes;
    @TestHTTPResource("/")
    URI base;

    @BeforeEach
    void pod() {
        KubernetesTestResource.ensurePod(kubernetes, POD);
    }

    @Test
    void theAgentAnswersFromThePodAndItsFileLandsInTheSessionsWorktree() throws IOException {
        String id = UUID.randomUUID().toString();
        String worktree = KubernetesTestResource.podWorkspace() + "/worktrees/" + id;
        Path onHost = KubernetesTestResource.hostPath(POD, worktree);
        Files.createDirectories(onHost);
        SessionSnapshot session = TestSessions.snapshot(id, "alice", SessionState.ACTIVE, POD, "kubernetes",
                worktree);
        TestSessions.publish(session);

        try (ChatClient chat = ChatClient.connect(vertx, base, id, TestTokens.bearer("alice"),
                ChatGatewayTest.ORIGIN)) {
            chat.awaitStatus("idle");
            chat.message("hello from the pod");
            chat.awaitEvents("result", 1);
            assertThat(chat.events("assistant_text")).anySatisfy(
                    e -> assertThat(e.getJsonObject("event").getString("text")).isEqualTo("Done with turn 1."));
            assertThat(chat.events("user").get(0).getJsonObject("event").getString("text"))
                    .isEqualTo("hello from the pod");
            // the agent's Write tool wrote into its working directory: the session's worktree in the pod
            await().atMost(ChatClient.TIMEOUT).until(() -> Files.exists(onHost.resolve("fake-claude-turn-1.txt")));
            assertThat(onHost.resolve("fake-claude-turn-1.txt")).isNotEmptyFile();
        }
    }
}
