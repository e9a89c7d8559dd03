package dev.podbench.terminal.events;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import java.net.URI;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.podbench.events.CloudEvent;
import dev.podbench.events.EventJson;
import dev.podbench.events.EventType;
import dev.podbench.events.Topics;
import dev.podbench.events.pullrequest.PullRequestDetected;
import dev.podbench.events.session.SessionActivity;
import dev.podbench.terminal.support.TerminalClient;
import dev.podbench.terminal.support.TestSessions;
import dev.podbench.testkit.KafkaTestResource;
import dev.podbench.testkit.PostgresTestResource;
import dev.podbench.testkit.TestConsumer;
import dev.podbench.testkit.TestTokens;
import dev.podbench.testkit.TokenTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/** What the gateway publishes (on the real broker) and measures. */
@QuarkusTest
@WithTestResource(PostgresTestResource.class)
@WithTestResource(KafkaTestResource.class)
@WithTestResource(TokenTestResource.class)
class TerminalEventsTest {

    @TestHTTPResource("/")
    URI base;

    private final TestSessions sessions = new TestSessions();

    @AfterEach
    void killShells() {
        sessions.close();
    }

    private TerminalClient open(String sessionId) {
        return TerminalClient.to(URI.create(base.toString().replaceFirst("^http", "ws") + "api/sessions/" + sessionId
                + "/terminal")).bearer(TestTokens.bearer("alice")).connect();
    }

    @Test
    void publishesEachPullRequestUrlOncePerSessionEvenWhenSplitAndColoured() {
        String id = sessions.active("alice");
        try (TestConsumer prs = TestConsumer.fromEnd(Topics.PULL_REQUESTS); TerminalClient term = open(id)) {
            // the shell answers first: tmux's redraws of the new client (size, options) are over before the URL is
            // printed, so none lands between its two halves (a full redraw there would hide it: see the README)
            term.type("echo ready-$((0+1))\r").awaitScreen("ready-1");
            // Printed in two writes with a pause between, so the URL reaches the gateway in two frames, in colour.
            term.type("printf '\\033[32mhttps://gitlab.example.com/grp/sub/proj/-/merge_'; sleep 0.3; "
                    + "printf 'requests/7\\033[0m\\n'; echo https://github.com/acme/app/pull/42; "
                    + "echo https://github.com/acme/app/pull/42; echo done-$((1+1))\r");
            term.awaitScreen("done-2");
            prs.awaitRecords(2);
            term.type("echo https://github.com/acme/app/pull/42 again-$((2+1))\r").awaitScreen("again-3");
            term.type("echo flushed-$((2+2))\r").awaitScreen("flushed-4");

            var detected = prs.records().stream()
                    .map(r -> EventJson.decode(r.value()))
                    .peek(e -> assertThat(e.is(EventType.PULL_REQUEST_DETECTED)).isTrue())
                    .map(e -> e.dataAs(PullRequestDetected.class)).toList();
            assertThat(detected).extracting(PullRequestDetected::url).containsExactlyInAnyOrder(
                    "https://gitlab.example.com/grp/sub/proj/-/merge_requests/7",
                    "https://github.com/acme/app/pull/42");
            assertThat(detected).allSatisfy(pr -> assertThat(pr.sessionId()).isEqualTo(id));
            assertThat(prs.records()).allSatisfy(r -> assertThat(r.key()).isEqualTo(id));
        }
    }

    @Test
    void publishesActivityAtMostOncePerInterval() {
        String id = sessions.active("alice");
        try (TestConsumer events = TestConsumer.fromEnd(Topics.SESSION_EVENTS); TerminalClient term = open(id)) {
            term.type("echo one-$((1+1))\r").awaitScreen("one-2");
            term.type("echo two-$((1+2))\r").awaitScreen("two-3");
            CloudEvent<?> activity = EventJson.decode(events.awaitRecord(r -> id.equals(r.key())).value());
            assertThat(activity.is(EventType.SESSION_ACTIVITY)).isTrue();
            assertThat(activity.dataAs(SessionActivity.class).source().value()).isEqualTo("terminal");
            term.type("echo three-$((1+3))\r").awaitScreen("three-4");
            assertThat(events.records().stream().filter(r -> id.equals(r.key()))).hasSize(1);
        }
    }

    @Test
    void exposesTerminalMetrics() {
        String id = sessions.active("alice");
        try (TerminalClient term = open(id)) {
            term.type("echo metered-$((1+1))\r").awaitScreen("metered-2");
            given().get("/q/metrics").then().statusCode(200)
                    .body(containsString("podbench_terminal_connections"))
                    .body(containsString("podbench_terminal_bytes_total{direction=\"in\""))
                    .body(containsString("podbench_terminal_bytes_total{direction=\"out\""))
                    .body(containsString("podbench_terminal_backpressure_pauses_total"));
        }
        try (TerminalClient refused = open("nosuchsession2")) {
            refused.awaitClose(Duration.ofSeconds(15));
        }
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("podbench_terminal_connect_failures_total{reason=\"unknown-session\""));
    }

    @Test
    void isReadyOnceTheSessionsAreLoaded() {
        given().get("/q/health/ready").then().statusCode(200).body(containsString("session snapshots"));
    }
}
