package dev.podbench.terminal.audit;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.net.URI;
import java.time.Duration;

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
import io.restassured.response.ValidatableResponse;

/** The terminal connection audit against a real PostgreSQL, a real PTY and tmux, and a real Kafka broker. */
@QuarkusTest
@WithTestResource(PostgresTestResource.class)
@WithTestResource(KafkaTestResource.class)
@WithTestResource(TokenTestResource.class)
class ConnectionAuditTest {

    private static final Duration WRITTEN = Duration.ofSeconds(30);

    @TestHTTPResource("/")
    URI base;

    private final TestSessions sessions = new TestSessions();

    @AfterEach
    void killShells() {
        sessions.close();
    }

    private TerminalClient open(String sessionId, String token, String query) {
        return TerminalClient.to(URI.create(base.toString().replaceFirst("^http", "ws") + "api/sessions/" + sessionId
                + "/terminal" + (query == null ? "" : "?" + query))).bearer(token).origin("http://127.0.0.1:8080")
                .connect();
    }

    private static ValidatableResponse connections(String sessionId, String token) {
        return given().auth().oauth2(token).get("/api/sessions/{id}/terminal/connections", sessionId).then();
    }

    @Test
    void recordsWhoOpenedWhichTerminalFromWhereAndHowItEnded() {
        String id = sessions.active("alice");
        try (TerminalClient term = open(id, TestTokens.bearer("alice"), "name=audit")) {
            term.type("echo audited-$((20+1))\r").awaitScreen("audited-21");
            // visible while open, not closed yet
            await().atMost(WRITTEN).untilAsserted(() -> connections(id, TestTokens.bearer("alice")).statusCode(200)
                    .body("connections", hasSize(1)).body("connections[0].closedAt", nullValue()));
        }
        await().atMost(WRITTEN).untilAsserted(() -> connections(id, TestTokens.bearer("alice")).statusCode(200)
                .body("sessionId", is(id))
                .body("connections", hasSize(1))
                .body("connections[0].user", is("alice"))
                .body("connections[0].terminalName", is("audit"))
                .body("connections[0].origin", is("http://127.0.0.1:8080"))
                .body("connections[0].remoteAddress", containsString("127.0.0.1"))
                .body("connections[0].openedAt", notNullValue())
                .body("connections[0].closedAt", notNullValue())
                .body("connections[0].durationMillis", notNullValue())
                .body("connections[0].closeCode", is(1000))
                .body("connections[0].bytesIn", is("echo audited-$((20+1))\r".length()))
                .body("connections[0].bytesOut", greaterThan(23)));
    }

    @Test
    void recordsTheCloseCodeOfAnEndedSession() {
        String id = sessions.active("alice");
        try (TerminalClient term = open(id, TestTokens.bearer("alice"), null)) {
            term.type("echo up\r").awaitScreen("up");
            sessions.end(id, "alice");
            term.awaitClose(Duration.ofSeconds(10));
        }
        await().atMost(WRITTEN).untilAsserted(() -> connections(id, TestTokens.bearer("alice")).statusCode(200)
                .body("connections[0].closeCode", is(4000))
                .body("connections[0].closeReason", is("session ended")));
    }

    @Test
    void onlyTheOwnerAndAdminsReadTheConnections() {
        String id = sessions.active("alice");
        try (TerminalClient term = open(id, TestTokens.admin("root"), null)) {
            term.type("echo admin\r").awaitScreen("admin");
        }
        await().atMost(WRITTEN).untilAsserted(() -> connections(id, TestTokens.bearer("alice")).statusCode(200)
                .body("connections.user", hasItem("root")));
        connections(id, TestTokens.bearer("bob")).statusCode(403).body("error", is("not your session"));
        connections(id, TestTokens.admin("root")).statusCode(200).body("connections", hasSize(1));
        given().get("/api/sessions/{id}/terminal/connections", id).then().statusCode(401);
    }

    @Test
    void refusesUnknownSessionsAndBadLimits() {
        connections("t" + "0".repeat(16), TestTokens.bearer("alice")).statusCode(404)
                .body("error", is("no such session"));
        // an admin may read what is recorded even for a session no longer known
        connections("t" + "0".repeat(16), TestTokens.admin("root")).statusCode(200).body("connections", empty());
        String id = sessions.active("alice");
        given().auth().oauth2(TestTokens.bearer("alice")).queryParam("limit", 0)
                .get("/api/sessions/{id}/terminal/connections", id)
                .then().statusCode(400).body("error", is("invalid limit"));
    }
}
