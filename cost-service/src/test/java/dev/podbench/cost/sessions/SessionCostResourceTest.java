package dev.podbench.cost.sessions;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.podbench.cost.UsageEvents;
import dev.podbench.cost.ledger.LedgerEntry;
import dev.podbench.cost.ledger.LedgerStore;
import dev.podbench.events.usage.UsageSource;
import dev.podbench.testkit.TestSessionSnapshots;
import dev.podbench.testkit.TestTokens;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class SessionCostResourceTest {

    @Inject
    LedgerStore ledger;

    @Test
    void theOwnerSeesTheTotalAndTheSplitByModel() {
        String session = TestSessionSnapshots.active("frank", "repo-1").sessionId();
        ledger.apply(List.of(entry(session, "claude-sonnet-4-5", "0.0125"), entry(session, "claude-opus-4-1", "0.5"),
                entry(session, "claude-sonnet-4-5", "0.0125"))).await().indefinitely();

        given().auth().oauth2(TestTokens.bearer("frank")).get("/api/sessions/{id}/cost", session)
                .then().statusCode(200)
                .body("sessionId", equalTo(session))
                .body("totalCostUsd", equalTo("0.5250"))
                .body("turns", equalTo(3))
                .body("inputTokens", equalTo(300))
                .body("cacheReadTokens", equalTo(3000))
                .body("updatedAt", notNullValue())
                .body("byModel", hasSize(2))
                .body("byModel[0].model", equalTo("claude-opus-4-1"))
                .body("byModel[0].costUsd", equalTo("0.5"))
                .body("byModel[1].costUsd", equalTo("0.0250"))
                .body("byModel[1].turns", equalTo(2));
        given().auth().oauth2(TestTokens.admin("root")).get("/api/sessions/{id}/cost", session)
                .then().statusCode(200).body("totalCostUsd", equalTo("0.5250"));
    }

    @Test
    void someoneElsesSessionIsNotFoundAndNoTokenIs401() {
        String session = TestSessionSnapshots.active("frank", "repo-1").sessionId();
        ledger.apply(List.of(entry(session, "claude-sonnet-4-5", "1"))).await().indefinitely();

        given().auth().oauth2(TestTokens.bearer("mallory")).get("/api/sessions/{id}/cost", session)
                .then().statusCode(404).body("error", equalTo("session not found"));
        given().get("/api/sessions/{id}/cost", session).then().statusCode(401);
    }

    @Test
    void aSessionWithoutSpendCostsNothing() {
        String session = TestSessionSnapshots.active("frank", "repo-1").sessionId();
        given().auth().oauth2(TestTokens.bearer("frank")).get("/api/sessions/{id}/cost", session)
                .then().statusCode(200).body("totalCostUsd", equalTo("0")).body("turns", equalTo(0))
                .body("byModel", hasSize(0));
        given().auth().oauth2(TestTokens.admin("root")).get("/api/sessions/{id}/cost", session)
                .then().statusCode(200).body("totalCostUsd", equalTo("0"));
    }

    @Test
    void aSessionNobodyAnnouncedIsNotFound() {
        given().auth().oauth2(TestTokens.bearer("frank")).get("/api/sessions/{id}/cost", "s-" + UUID.randomUUID())
                .then().statusCode(404).body("error", equalTo("session not found"));
    }

    @Test
    void theTurnsAreListedNewestFirstWithTheirModelTokensAndCost() {
        String session = TestSessionSnapshots.active("frank", "repo-1").sessionId();
        Instant first = Instant.parse("2026-11-30T10:00:00Z");
        ledger.apply(List.of(entry(session, "claude-sonnet-4-5", "0.0125", first),
                entry(session, "claude-opus-4-1", "0.5", first.plusSeconds(60)),
                entry(session, "claude-sonnet-4-5", "0.0300", first.plusSeconds(120)))).await().indefinitely();

        given().auth().oauth2(TestTokens.bearer("frank")).get("/api/sessions/{id}/cost/turns", session)
                .then().statusCode(200)
                .body("sessionId", equalTo(session))
                .body("truncated", equalTo(false))
                .body("turns", hasSize(3))
                .body("turns[0].turn", equalTo(3))
                .body("turns[0].costUsd", equalTo("0.0300"))
                .body("turns[0].recordedAt", equalTo("2026-11-30T10:02:00Z"))
                .body("turns[1].model", equalTo("claude-opus-4-1"))
                .body("turns[2].turn", equalTo(1))
                .body("turns[2].inputTokens", equalTo(100))
                .body("turns[2].outputTokens", equalTo(20))
                .body("turns[2].cacheReadTokens", equalTo(1000))
                .body("turns[2].cacheCreationTokens", equalTo(10));
        given().auth().oauth2(TestTokens.bearer("frank")).queryParam("limit", 2).get("/api/sessions/{id}/cost/turns", session)
                .then().statusCode(200).body("truncated", equalTo(true)).body("turns", hasSize(2))
                .body("turns[1].turn", equalTo(2));
        given().auth().oauth2(TestTokens.admin("root")).get("/api/sessions/{id}/cost/turns", session)
                .then().statusCode(200).body("turns", hasSize(3));
    }

    @Test
    void turnsAreTheOwnersOnlyAndTheLimitIsBounded() {
        String session = TestSessionSnapshots.active("frank", "repo-1").sessionId();
        given().auth().oauth2(TestTokens.bearer("frank")).get("/api/sessions/{id}/cost/turns", session)
                .then().statusCode(200).body("turns", hasSize(0)).body("truncated", equalTo(false));
        given().auth().oauth2(TestTokens.bearer("mallory")).get("/api/sessions/{id}/cost/turns", session)
                .then().statusCode(404).body("error", equalTo("session not found"));
        given().auth().oauth2(TestTokens.bearer("frank")).queryParam("limit", 0).get("/api/sessions/{id}/cost/turns", session)
                .then().statusCode(400).body("error", equalTo("invalid limit"));
        given().auth().oauth2(TestTokens.bearer("frank")).queryParam("limit", 1001).get("/api/sessions/{id}/cost/turns", session)
                .then().statusCode(400).body("error", equalTo("invalid limit"));
        given().get("/api/sessions/{id}/cost/turns", session).then().statusCode(401);
    }

    private static LedgerEntry entry(String session, String model, String cost, Instant recordedAt) {
        var usage = UsageEvents.usage(session, UsageSource.SESSION, "repo-1", "frank", model, cost, recordedAt);
        return LedgerEntry.of(usage.id(), usage.data());
    }

    private static LedgerEntry entry(String session, String model, String cost) {
        var usage = UsageEvents.usage(session, UsageSource.SESSION, "repo-1", "frank", model, cost, Instant.now());
        return LedgerEntry.of(usage.id(), usage.data());
    }
}
