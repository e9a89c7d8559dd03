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

    private static LedgerEntry entry(String session, String model, String cost) {
        var usage = UsageEvents.usage(session, UsageSource.SESSION, "repo-1", "frank", model, cost, Instant.now());
        return LedgerEntry.of(usage.id(), usage.data());
    }
}
