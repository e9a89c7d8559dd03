package dev.podbench.terminal.ws;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.podbench.events.session.SessionState;
import dev.podbench.terminal.support.TerminalClient;
import dev.podbench.terminal.support.TestSessions;
import dev.podbench.testkit.KafkaTestResource;
import dev.podbench.testkit.TestTokens;
import dev.podbench.testkit.TokenTestResource;
import dev.podbench.testkit.kubernetes.KubernetesTestProfile;
import dev.podbench.testkit.kubernetes.KubernetesTestResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * The terminal WebSocket on the {@code kubernetes} runtime: the shell is a pod exec with a TTY (stdin on channel 0,
 * output on 1, resize JSON on 4, exit status on 3) against the mock API server, whose pod runs the real shell and
 * tmux on a real PTY.
 */
@QuarkusTest
@TestProfile(KubernetesTestProfile.class)
@WithTestResource(KafkaTestResource.class)
@WithTestResource(TokenTestResource.class)
class KubernetesTerminalTest {

    private static final String POD = "pb-terminal-repo-0";
    private static final Duration SHELL = Duration.ofSeconds(30);

    @TestHTTPResource("/")
    URI base;

    @Inject
    KubernetesClient kubernetes;

    private final TestSessions sessions = new TestSessions();

    @BeforeEach
    void pod() {
        KubernetesTestResource.ensurePod(kubernetes, POD);
    }

    @AfterEach
    void forgetSessions() {
        sessions.close();
    }

    /** A session that session-service placed on the pod: its worktree exists there. */
    private String sessionOnPod() throws IOException {
        String id = sessions.newId();
        String worktree = KubernetesTestResource.podWorkspace() + "/worktrees/" + id;
        Files.createDirectories(KubernetesTestResource.hostPath(POD, worktree));
        sessions.publish(TestSessions.snapshot(id, "alice", SessionState.ACTIVE, POD, "kubernetes", worktree));
        return id;
    }

    private TerminalClient open(String sessionId, String query) {
        return TerminalClient.to(URI.create(base.toString().replaceFirst("^http", "ws") + "api/sessions/" + sessionId
                + "/terminal?" + query)).bearer(TestTokens.bearer("alice")).connect();
    }

    @Test
    void typedInputEchoesFromTheShellInThePodAndResizesReachIt() throws IOException {
        String id = sessionOnPod();
        try (TerminalClient term = open(id, "cols=123&rows=45")) {
            term.type("echo \"on-$HOSTNAME in $(pwd)\"\r").awaitScreen("on-" + POD + " in "
                    + KubernetesTestResource.podWorkspace() + "/worktrees/" + id);
            term.type("stty size\r").awaitScreen("45 123");
            // gateway -> channel 4 -> the pod's PTY -> tmux -> shell
            term.control("{\"type\":\"resize\",\"cols\":100,\"rows\":30}").awaitSttySize(30, 100);
            assertThat(term.controls()).anySatisfy(c -> assertThat(c).contains("\"status\"").contains("tmux"));
        }
    }

    @Test
    void theExitStatusOfTheExecArrivesAsAnExitMessage() throws IOException {
        String id = sessionOnPod();
        try (TerminalClient term = open(id, "name=second")) {
            term.type("echo ready-$((1+1))\r").awaitScreen("ready-2");
            // the tmux client ends with status 1 when its server is killed: a non-zero status on channel 3
            term.type("tmux kill-server\r");
            assertThat(term.awaitClose(SHELL)).isEqualTo(1000);
            assertThat(term.controls()).anySatisfy(c -> assertThat(c).contains("\"type\":\"exit\"")
                    .contains("\"code\":1"));
        }
    }
}
