package dev.podbench.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.podbench.events.session.SessionSnapshot;
import dev.podbench.testkit.KafkaTestResource;
import dev.podbench.testkit.PostgresTestResource;
import dev.podbench.testkit.TestTokens;
import dev.podbench.testkit.TokenTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** An agent executable that is not installed shows as a chat error with the reason, not as a hang. */
@QuarkusTest
@TestProfile(MissingAgentTest.NoAgent.class)
class MissingAgentTest extends ChatSocketTest {

    public static class NoAgent implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("podbench.chat.agent-command", "/nonexistent/podbench-test/claude");
        }

        @Override
        public boolean disableGlobalTestResources() {
            return true;
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(PostgresTestResource.class),
                    new TestResourceEntry(KafkaTestResource.class), new TestResourceEntry(TokenTestResource.class));
        }
    }

    @Test
    void missingAgentIsAClearError() {
        SessionSnapshot session = TestSessions.active(podRoot, "alice", Map.of());
        try (ChatClient chat = ChatClient.connect(vertx, base, session.sessionId(), TestTokens.bearer("alice"), null)) {
            chat.awaitStatus("error");
            assertThat(chat.status().orElseThrow().getString("reason"))
                    .contains("/nonexistent/podbench-test/claude").contains("could not be started");
            // a message is still taken, stored, and answered with the same clear error
            chat.message("hello?");
            chat.awaitEvents("user", 1);
            chat.awaitEvents("error", 2);
            chat.awaitStatus("error");
            assertThat(chat.isOpen()).isTrue();
        }
    }
}
