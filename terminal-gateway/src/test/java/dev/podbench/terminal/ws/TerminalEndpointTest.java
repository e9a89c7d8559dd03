package dev.podbench.terminal.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.podbench.events.session.SessionState;
import dev.podbench.terminal.support.TerminalClient;
import dev.podbench.terminal.support.TestSessions;
import dev.podbench.testkit.KafkaTestResource;
import dev.podbench.testkit.PostgresTestResource;
import dev.podbench.testkit.TestTokens;
import dev.podbench.testkit.TokenTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/** The terminal WebSocket against a real PTY, real tmux and a real Kafka broker. */
@QuarkusTest
@WithTestResource(PostgresTestResource.class)
@WithTestResource(KafkaTestResource.class)
@WithTestResource(TokenTestResource.class)
class TerminalEndpointTest {

    private static final Duration SHELL = Duration.ofSeconds(15);

    @TestHTTPResource("/")
    URI base;

    private final TestSessions sessions = new TestSessions();

    @AfterEach
    void killShells() {
        sessions.close();
    }

    private URI terminal(String sessionId, String query) {
        return URI.create(base.toString().replaceFirst("^http", "ws") + "api/sessions/" + sessionId + "/terminal"
                + (query == null ? "" : "?" + query));
    }

    private TerminalClient open(String sessionId, String user, String query) {
        return TerminalClient.to(terminal(sessionId, query)).bearer(TestTokens.bearer(user)).connect();
    }

    @Test
    void echoesTypedCommands() {
        String id = sessions.active("alice");
        try (TerminalClient term = TerminalClient.to(terminal(id, null)).bearer(TestTokens.bearer("alice"))
                .origin("http://127.0.0.1:8080").connect()) {
            term.type("echo hello-$((40+2))\r").awaitScreen("hello-42");
            assertThat(term.controls()).anySatisfy(c -> assertThat(c).contains("\"status\"").contains("tmux"));
        }
    }

    @Test
    void startsAtTheRequestedSizeAndFollowsResizes() {
        String id = sessions.active("alice");
        try (TerminalClient term = open(id, "alice", "cols=123&rows=45")) {
            term.type("stty size\r").awaitScreen("45 123");
            term.control("{\"type\":\"resize\",\"cols\":100,\"rows\":30}").awaitSttySize(30, 100);
        }
    }

    @Test
    void reconnectingKeepsShellStateAndRunningProcesses() {
        String id = sessions.active("alice");
        try (TerminalClient first = open(id, "alice", null)) {
            first.type("export PB_KEEP=kept-$((6*7)); sleep 600 & echo started-$((1+1))\r").awaitScreen("started-2");
        }
        try (TerminalClient second = open(id, "alice", null)) {
            second.type("echo \"var=$PB_KEEP\"; jobs\r").awaitScreen("var=kept-42").awaitScreen("sleep 600");
        }
    }

    @Test
    void ctrlCStopsAFloodAndReturnsThePromptWithinASecond() {
        String id = sessions.active("alice");
        try (TerminalClient term = open(id, "alice", null)) {
            // The prompt is computed, so only the real prompt (not the typed command) matches; no trailing
            // space, because tmux redraws a line without its trailing blanks.
            term.type("PS1='ready-$((1+1))>'\r").awaitScreen("ready-2>");
            term.type("yes flood\r");
            await().atMost(Duration.ofSeconds(60)).until(() -> term.receivedBytes() > 200_000);
            long before = term.receivedBytes();
            term.send(new byte[] { 3 });
            term.awaitScreenAfter(before, "ready-2>", Duration.ofSeconds(1));
        }
    }

    @Test
    void aClientThatNeverAcksStallsOnlyItsOwnTerminal() {
        String id = sessions.active("alice");
        try (TerminalClient stalled = TerminalClient.to(terminal(id, null)).bearer(TestTokens.bearer("alice"))
                .withoutAcks().connect();
                TerminalClient other = open(id, "alice", null)) {
            // Long lines: every screen update tmux sends is large, so the high mark is reached quickly.
            stalled.type("yes \"$(printf 'stall%.0s' $(seq 40))\"\r");
            await().atMost(Duration.ofSeconds(60)).until(() -> stalled.receivedBytes() > 256 * 1024);
            // It stops at the high mark (plus at most the frame in flight and one batch).
            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5))
                    .until(() -> stalled.receivedBytes(), n -> n <= 256 * 1024 + 2 * 65536 + 4096);
            other.send(new byte[] { 3 });
            other.type("echo other-$((5+5))\r").awaitScreen("other-10");
        }
    }

    @Test
    void twoViewersSeeTheSameShellAndBothCanType() {
        String id = sessions.active("alice");
        try (TerminalClient a = open(id, "alice", null); TerminalClient b = open(id, "alice", null)) {
            a.type("echo from-a-$((2*3))\r");
            a.awaitScreen("from-a-6");
            b.awaitScreen("from-a-6");
            b.type("echo from-b-$((3*3))\r");
            b.awaitScreen("from-b-9");
            a.awaitScreen("from-b-9");
        }
    }

    @Test
    void namedTerminalsAreIndependentShells() {
        String id = sessions.active("alice");
        try (TerminalClient main = open(id, "alice", null); TerminalClient second = open(id, "alice", "name=second")) {
            // the variable is set (its shell answered) before the second terminal looks for it
            main.type("PB_WHERE=main-$((1+1)); echo set-$((2+2))\r").awaitScreen("set-4");
            second.type("echo \"where=${PB_WHERE:-unset}\"\r").awaitScreen("where=unset");
            main.type("echo \"where=${PB_WHERE:-unset}\"\r").awaitScreen("where=main-2");
            assertThat(second.screen()).doesNotContain("set-4").doesNotContain("where=main-2");
        }
    }

    @Test
    void exitingTheShellReportsItsStatusAndClosesNormally() {
        String id = sessions.active("alice");
        try (TerminalClient term = open(id, "alice", "name=second")) {
            term.type("echo bye-$((1+1)); exit\r");
            assertThat(term.awaitClose(SHELL)).isEqualTo(1000);
            assertThat(term.controls()).anySatisfy(c -> assertThat(c).contains("\"type\":\"exit\"")
                    .contains("\"code\":0"));
        }
    }

    @Test
    void anEndedSessionClosesEveryConnectionWith4000WithinASecond() {
        String id = sessions.active("alice");
        try (TerminalClient a = open(id, "alice", null); TerminalClient b = open(id, "alice", "name=second")) {
            a.type("echo up-$((1+1))\r").awaitScreen("up-2");
            b.type("echo up-$((1+2))\r").awaitScreen("up-3");
            sessions.end(id, "alice");
            assertThat(a.awaitClose(Duration.ofSeconds(1))).isEqualTo(4000);
            assertThat(b.awaitClose(Duration.ofSeconds(1))).isEqualTo(4000);
        }
        try (TerminalClient late = open(id, "alice", null)) {
            assertThat(late.awaitClose(SHELL)).isEqualTo(4000);
        }
    }

    @Test
    void anEndedSnapshotRefusesWith4000() {
        String id = sessions.active("alice");
        sessions.publish(TestSessions.snapshot(id, "alice", SessionState.ENDED, "/nowhere"));
        await().atMost(SHELL).untilAsserted(() -> {
            try (TerminalClient term = open(id, "alice", null)) {
                assertThat(term.awaitClose(SHELL)).isEqualTo(4000);
            }
        });
    }

    @Test
    void someoneElsesSessionIsRefusedWith4403() {
        String id = sessions.active("alice");
        try (TerminalClient term = open(id, "bob", null)) {
            assertThat(term.awaitClose(SHELL)).isEqualTo(4403);
        }
    }

    @Test
    void anAdminMayOpenAnyonesTerminal() {
        String id = sessions.active("alice");
        try (TerminalClient term = TerminalClient.to(terminal(id, null)).bearer(TestTokens.admin("root")).connect()) {
            term.type("echo admin-$((1+1))\r").awaitScreen("admin-2");
        }
    }

    @Test
    void anUnknownSessionIsRefusedWith4404() {
        try (TerminalClient term = open("nosuchsession", "alice", null)) {
            assertThat(term.awaitClose(SHELL)).isEqualTo(4404);
        }
    }

    @Test
    void aSessionPublishedJustAfterTheConnectIsWaitedFor() {
        String id = sessions.newId();
        // The upgrade completes at once; the gateway then waits for the session before starting the shell.
        try (TerminalClient term = open(id, "alice", null)) {
            sessions.publish(TestSessions.snapshot(id, "alice", SessionState.STARTING, null));
            sessions.publish(TestSessions.snapshot(id, "alice", SessionState.ACTIVE, TestSessions.worktree(id)));
            term.type("echo late-$((1+1))\r").awaitScreen("late-2");
        }
    }

    @Test
    void aForeignOriginIsRefusedBeforeTheUpgrade() {
        String id = sessions.active("alice");
        assertThat(TerminalClient.to(terminal(id, null)).bearer(TestTokens.bearer("alice"))
                .origin("https://evil.example").refusedStatus()).isEqualTo(403);
    }

    @Test
    void noTokenIsRefusedWith401() {
        String id = sessions.active("alice");
        assertThat(TerminalClient.to(terminal(id, null)).refusedStatus()).isEqualTo(401);
        assertThat(TerminalClient.to(terminal(id, null)).bearer(TestTokens.expired("alice")).refusedStatus())
                .isEqualTo(401);
    }

    @Test
    void anInputFrameOver64KiBIsClosedWith1009ButPastesInSmallerFramesWork() {
        String id = sessions.active("alice");
        try (TerminalClient term = open(id, "alice", null)) {
            // A 64 KiB paste in two frames: lines of 63 characters and a newline.
            byte[] chunk = new byte[32 * 1024];
            for (int i = 0; i < chunk.length; i++) {
                chunk[i] = (byte) (i % 64 == 63 ? '\n' : 'x');
            }
            term.type("stty -echo; cat > paste.txt\r").send(chunk).send(chunk).send(new byte[] { 4 });
            term.type("stty echo; echo \"pasted $(wc -c < paste.txt)\"\r").awaitScreen("pasted 65536");
            term.send(new byte[64 * 1024 + 1]);
            assertThat(term.awaitClose(SHELL)).isEqualTo(1009);
        }
    }
}
