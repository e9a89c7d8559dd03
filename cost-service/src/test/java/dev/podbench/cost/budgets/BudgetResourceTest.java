package dev.podbench.cost.budgets;

import static dev.podbench.cost.UsageEvents.publish;
import static dev.podbench.cost.UsageEvents.usage;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.podbench.events.EventJson;
import dev.podbench.events.Topics;
import dev.podbench.testkit.TestConsumer;
import dev.podbench.testkit.TestSessionSnapshots;
import dev.podbench.testkit.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
class BudgetResourceTest {

    @Test
    void theOwnersSessionBudgetWarnsAt80AndStopsAt100Percent() throws Exception {
        String owner = "gina-" + UUID.randomUUID();
        String session = TestSessionSnapshots.active(owner, "repo-1").sessionId();
        try (TestConsumer costs = TestConsumer.fromEnd(Topics.COSTS)) {
            publish(Topics.USAGE, usage(session, owner, "0.05"));
            costs.awaitRecord(r -> r.key().equals(session) && r.value().contains("session-total"));

            String budgetId = given().auth().oauth2(TestTokens.bearer(owner)).contentType(ContentType.JSON)
                    .body(Map.of("scope", "session", "id", session, "limitUsd", "0.10", "period", "total"))
                    .put("/api/budgets").then().statusCode(200)
                    .body("scope", equalTo("session")).body("id", equalTo(session))
                    .body("limitUsd", equalTo("0.10")).body("spentUsd", equalTo("0.05")).body("state", equalTo("ok"))
                    .extract().path("budgetId");

            publish(Topics.USAGE, usage(session, owner, "0.035"));
            JsonNode warning = event(costs.awaitRecord(r -> r.key().equals(session)
                    && r.value().contains("dev.podbench.cost.budget-warning.v1")).value());
            assertThat(warning.at("/data/budget/budgetId").asText()).isEqualTo(budgetId);
            assertThat(warning.at("/data/spentUsd").asText()).isEqualTo("0.085");
            assertThat(warning.at("/data/budget/limitUsd").asText()).isEqualTo("0.10");
            assertThat(warning.at("/data/thresholdPercent").asLong()).isEqualTo(80);

            publish(Topics.USAGE, usage(session, owner, "0.02"));
            JsonNode exceeded = event(costs.awaitRecord(r -> r.key().equals(session)
                    && r.value().contains("dev.podbench.cost.budget-exceeded.v1")).value());
            assertThat(exceeded.at("/data/spentUsd").asText()).isEqualTo("0.105");
            assertThat(exceeded.at("/data/budget/scope").asText()).isEqualTo("session");
            assertThat(exceeded.at("/data/budget/period").asText()).isEqualTo("total");
            assertThat(costs.records().stream().filter(r -> r.value().contains("budget-warning")
                    && r.key().equals(session)).count()).as("one warning per crossing").isEqualTo(1);

            given().auth().oauth2(TestTokens.bearer(owner)).get("/api/sessions/{id}/cost", session)
                    .then().statusCode(200).body("budget.budgetId", equalTo(budgetId))
                    .body("budget.state", equalTo("exceeded"));

            given().auth().oauth2(TestTokens.bearer(owner)).contentType(ContentType.JSON)
                    .body(Map.of("scope", "session", "id", session, "limitUsd", "1.00", "period", "total"))
                    .put("/api/budgets").then().statusCode(200)
                    .body("budgetId", equalTo(budgetId)).body("state", equalTo("ok"));
            given().auth().oauth2(TestTokens.bearer(owner)).get("/api/budgets")
                    .then().statusCode(200).body("budgetId", hasItem(budgetId));
            given().auth().oauth2(TestTokens.bearer("hank")).get("/api/budgets")
                    .then().statusCode(200).body("budgetId", not(hasItem(budgetId)));

            given().auth().oauth2(TestTokens.bearer("hank")).delete("/api/budgets/{id}", budgetId)
                    .then().statusCode(404);
            given().auth().oauth2(TestTokens.bearer(owner)).delete("/api/budgets/{id}", budgetId)
                    .then().statusCode(204);
            given().auth().oauth2(TestTokens.admin("root")).get("/api/budgets")
                    .then().statusCode(200).body("budgetId", not(hasItem(budgetId)));
        }
    }

    @Test
    void usersSetOnlyTheirOwnSessionsBudgetsAdminsAny() {
        String owner = "ivy-" + UUID.randomUUID();
        String session = TestSessionSnapshots.active(owner, "repo-1").sessionId();
        try (TestConsumer costs = TestConsumer.fromEnd(Topics.COSTS)) {
            publish(Topics.USAGE, usage(session, owner, "0.01"));
            costs.awaitRecord(r -> r.key().equals(session));
        }
        given().auth().oauth2(TestTokens.bearer("hank")).contentType(ContentType.JSON)
                .body(Map.of("scope", "session", "id", session, "limitUsd", "1", "period", "total"))
                .put("/api/budgets").then().statusCode(404);
        given().auth().oauth2(TestTokens.bearer(owner)).contentType(ContentType.JSON)
                .body(Map.of("scope", "user", "id", owner, "limitUsd", "1", "period", "month"))
                .put("/api/budgets").then().statusCode(403)
                .body("error", equalTo("only an administrator can set a user budget; anyone can set one on their own session"));

        String repository = "repo-" + UUID.randomUUID();
        String budgetId = given().auth().oauth2(TestTokens.admin("root")).contentType(ContentType.JSON)
                .body(Map.of("scope", "repository", "id", repository, "limitUsd", "250", "period", "month"))
                .put("/api/budgets").then().statusCode(200)
                .body("period", equalTo("month")).body("spentUsd", equalTo("0")).body("createdBy", equalTo("root"))
                .extract().path("budgetId");
        given().auth().oauth2(TestTokens.admin("root")).delete("/api/budgets/{id}", budgetId).then().statusCode(204);
        given().auth().oauth2(TestTokens.admin("root")).delete("/api/budgets/{id}", budgetId).then().statusCode(404);
    }

    @Test
    void anInvalidBudgetIs400AndChangesNothing() {
        String admin = TestTokens.admin("root");
        given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body(Map.of("scope", "planet", "id", "x", "limitUsd", "1", "period", "total"))
                .put("/api/budgets").then().statusCode(400)
                .body("error", equalTo("the scope must be session, user, repository or global, not 'planet'"))
                .body("detail.field", equalTo("scope"));
        given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body(Map.of("scope", "user", "id", "x", "limitUsd", "-1", "period", "total"))
                .put("/api/budgets").then().statusCode(400)
                .body("error", equalTo("the limit must be an amount above zero, such as \"25.00\""))
                .body("detail.field", equalTo("limitUsd"));
        given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body(Map.of("scope", "user", "limitUsd", "1", "period", "total"))
                .put("/api/budgets").then().statusCode(400)
                .body("error", equalTo("a user budget needs the id of the user it limits"))
                .body("detail.field", equalTo("id"));
        given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body(Map.of("scope", "user", "id", "x", "limitUsd", "1", "period", "week"))
                .put("/api/budgets").then().statusCode(400).body("error", containsString("not 'week'"))
                .body("detail.field", equalTo("period"));
        given().auth().oauth2(admin).contentType(ContentType.JSON).body("{\"scope\":")
                .put("/api/budgets").then().statusCode(400);
        given().auth().oauth2(admin).get("/api/budgets").then().statusCode(200)
                .body("id", not(hasItem("x")));
        given().contentType(ContentType.JSON).body("{}").put("/api/budgets").then().statusCode(401);
    }

    private static JsonNode event(String json) throws Exception {
        return EventJson.mapper().readTree(json);
    }
}
