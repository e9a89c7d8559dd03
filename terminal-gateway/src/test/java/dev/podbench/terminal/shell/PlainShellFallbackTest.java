package dev.podbench.terminal.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.podbench.terminal.support.TerminalClient;
import dev.podbench.terminal.support.TestSessions;
import dev.podbench.testkit.KafkaTestResource;
import dev.podbench.testkit.PostgresTestResource;
import dev.podbench.testkit.TestTokens;
import dev.podbench.testkit.TokenTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** Without tmux: a plain shell the gateway keeps, a replay buffer for reconnects, and a status saying so. */
@QuarkusTest
@TestProfile(PlainShellFallbackTest.WithoutTmux.class)
@WithTestResource(PostgresTestResource.class)
@WithTestResource(KafkaTestResource.class)
@WithTestResource(TokenTestResource.class)
class PlainShellFallbackTest {

    public static class WithoutTmux implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("podbench.terminal.shell.tmux", "plain");
        }
    }

    @TestHTTPResource("/")
    URI base;

    private final TestSessions sessions = new TestSessions();

    @AfterEach
    void end() {
        sessions.close();
    }

    private TerminalClient open(String id) {
        return TerminalClient.to(URI.create(base.toString().replaceFirst("^http", "ws") + "api/sessions/" + id
                + "/terminal")).bearer(TestTokens.bearer("alice")).connect();
    }

    @Test
    void reconnectReplaysRecentOutputAndKeepsTheShell() {
        String id = sessions.active("alice");
        try (TerminalClient first = open(id)) {
            first.type("PB_PLAIN=still-$((2+3)); echo before-$((1+1))\r").awaitScreen("before-2");
            assertThat(first.controls()).anySatisfy(c -> assertThat(c).contains("\"mode\":\"plain\""));
        }
        try (TerminalClient second = open(id)) {
            second.awaitScreen("before-2");
            second.type("echo \"var=$PB_PLAIN\"\r").awaitScreen("var=still-5");
        }
        sessions.end(id, "alice");
    }
}
