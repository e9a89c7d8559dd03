package dev.podbench.cost.budgets;

import static dev.podbench.cost.UsageEvents.publish;
import static dev.podbench.cost.UsageEvents.usage;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.podbench.events.EventJson;
import dev.podbench.events.Topics;
import dev.podbench.events.cost.BudgetPeriod;
import dev.podbench.events.usage.UsageSource;
import dev.podbench.testkit.TestConsumer;
import dev.podbench.testkit.TestSessionSnapshots;
import dev.podbench.testkit.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/** A used-up budget's stop is lifted with {@code cost.budget-lifted.v1}: raised, deleted, or a new period. */
@QuarkusTest
class BudgetLiftTest {

    private static final String EXCEEDED = "dev.podbench.cost.budget-exceeded.v1";
    private static final String LIFTED = "dev.podbench.cost.budget-lifted.v1";

    @Inject
    Pool pool;

    @Test
    void raisingTheLimitAboveTheSpendLiftsTheStopAtOnce() throws Exception {
        String owner = "ida-" + UUID.randomUUID();
        String session = TestSessionSnapshots.active(owner, "repo-1").sessionId();
        try (TestConsumer costs = TestConsumer.fromEnd(Topics.COSTS)) {
            spend(costs, session, owner, "0.05");
            String budgetId = put(TestTokens.bearer(owner), "session", session, "0.04", "total");
            JsonNode exceeded = awaitEvent(costs, session, EXCEEDED);
            assertThat(exceeded.at("/data/budget/budgetId").asText()).isEqualTo(budgetId);

            // still below the spend: the stop stays, then a real raise lifts it before the PUT answers
            put(TestTokens.bearer(owner), "session", session, "0.045", "total");
            put(TestTokens.bearer(owner), "session", session, "0.06", "total");
            JsonNode lifted = awaitEvents(costs, session, LIFTED, 1).get(0);
            assertThat(lifted.at("/subject").asText()).isEqualTo(session);
            assertThat(lifted.at("/data/reason").asText()).isEqualTo("raised");
            assertThat(lifted.at("/data/budget/budgetId").asText()).isEqualTo(budgetId);
            assertThat(lifted.at("/data/budget/limitUsd").asText()).isEqualTo("0.06");
            assertThat(lifted.at("/data/spentUsd").asText()).isEqualTo("0.05");
            assertThat(Instant.parse(lifted.at("/data/at").asText()))
                    .isAfter(Instant.parse(exceeded.at("/data/at").asText()));

            // used up again: a new stop, and a new lift when it is raised again
            spend(costs, session, owner, "0.02");
            assertThat(awaitEvents(costs, session, EXCEEDED, 2).get(1).at("/data/spentUsd").asText()).isEqualTo("0.07");
            put(TestTokens.bearer(owner), "session", session, "1.00", "total");
            assertThat(awaitEvents(costs, session, LIFTED, 2).get(1).at("/data/budget/limitUsd").asText()).isEqualTo("1.00");
        }
    }

    @Test
    void deletingAUsedUpBudgetLiftsItsStop() throws Exception {
        String owner = "jon-" + UUID.randomUUID();
        String session = TestSessionSnapshots.active(owner, "repo-1").sessionId();
        try (TestConsumer costs = TestConsumer.fromEnd(Topics.COSTS)) {
            spend(costs, session, owner, "0.05");
            String admin = TestTokens.admin("root");
            String budgetId = put(admin, "user", owner, "0.01", "month");
            JsonNode exceeded = awaitEvent(costs, session, EXCEEDED);
            assertThat(exceeded.at("/data/budget/scope").asText()).isEqualTo("user");

            given().auth().oauth2(admin).delete("/api/budgets/{id}", budgetId).then().statusCode(204);
            List<JsonNode> lifts = awaitEvents(costs, session, LIFTED, 1);
            assertThat(lifts.get(0).at("/data/reason").asText()).isEqualTo("deleted");
            assertThat(lifts.get(0).at("/data/budget/scope").asText()).isEqualTo("user");
            assertThat(lifts.get(0).at("/data/budget/scopeId").asText()).isEqualTo(owner);
            assertThat(lifts.get(0).at("/data/budget/limitUsd").asText()).isEqualTo("0.01");
        }
    }

    @Test
    void aNewDayLiftsADailyBudgetsStop() throws Exception {
        String owner = "kim-" + UUID.randomUUID();
        String repository = "repo-" + UUID.randomUUID();
        String session = TestSessionSnapshots.active(owner, repository).sessionId();
        try (TestConsumer costs = TestConsumer.fromEnd(Topics.COSTS)) {
            publish(Topics.USAGE, usage(session, UsageSource.SESSION, repository, owner,
                    "claude-sonnet-4-5", "0.05", Instant.now()));
            costs.awaitRecord(r -> r.key().equals(session) && r.value().contains("session-total"));
            String budgetId = put(TestTokens.admin("root"), "repository", repository, "0.02", "day");
            awaitEvent(costs, session, EXCEEDED);

            // midnight UTC, as the database sees it: the spend and the stop belong to yesterday
            pool.preparedQuery("UPDATE budget_spend SET period_start = period_start - interval '1 day' WHERE budget_id = $1")
                    .execute(Tuple.of(UUID.fromString(budgetId))).await().indefinitely();
            pool.preparedQuery("UPDATE budget_stop SET period_start = period_start - interval '1 day' WHERE budget_id = $1")
                    .execute(Tuple.of(UUID.fromString(budgetId))).await().indefinitely();

            JsonNode lifted = awaitEvent(costs, session, LIFTED);
            assertThat(lifted.at("/data/reason").asText()).isEqualTo("new-period");
            assertThat(lifted.at("/data/budget/scope").asText()).isEqualTo("repository");
            assertThat(lifted.at("/data/spentUsd").asText()).isEqualTo("0");
            assertThat(Instant.parse(lifted.at("/data/budget/periodStart").asText()))
                    .isEqualTo(BudgetStore.periodStart(BudgetPeriod.DAY, Instant.now()));
        }
    }

    @Test
    void aStopStillInForceIsAnnouncedAgainADayLater() throws Exception {
        String owner = "lea-" + UUID.randomUUID();
        String session = TestSessionSnapshots.active(owner, "repo-1").sessionId();
        try (TestConsumer costs = TestConsumer.fromEnd(Topics.COSTS)) {
            spend(costs, session, owner, "0.05");
            String budgetId = put(TestTokens.bearer(owner), "session", session, "0.03", "total");
            JsonNode first = awaitEvent(costs, session, EXCEEDED);

            // a day went by: readers of the topic from its beginning must still find the stop within the retention
            pool.preparedQuery("UPDATE budget_stop SET stopped_at = now() - interval '25 hours' WHERE budget_id = $1")
                    .execute(Tuple.of(UUID.fromString(budgetId))).await().indefinitely();
            JsonNode again = awaitEvents(costs, session, EXCEEDED, 2).get(1);
            assertThat(again.at("/data/budget/budgetId").asText()).isEqualTo(budgetId);
            assertThat(again.at("/data/spentUsd").asText()).isEqualTo("0.05");
            assertThat(again.at("/id").asText()).isNotEqualTo(first.at("/id").asText());
            assertThat(events(costs, session, LIFTED)).isEmpty();
        }
    }

    private static void spend(TestConsumer costs, String session, String owner, String usd) {
        int before = events(costs, session, "session-total").size();
        publish(Topics.USAGE, usage(session, owner, usd));
        awaitEvents(costs, session, "session-total", before + 1);
    }

    private static String put(String token, String scope, String id, String limit, String period) {
        return given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("scope", scope, "id", id, "limitUsd", limit, "period", period))
                .put("/api/budgets").then().statusCode(200).extract().path("budgetId");
    }

    private static JsonNode awaitEvent(TestConsumer costs, String session, String type) throws Exception {
        return tree(costs.awaitRecord(r -> r.key().equals(session) && r.value().contains(type)).value());
    }

    private static List<JsonNode> awaitEvents(TestConsumer costs, String session, String type, int count) {
        await().atMost(TestConsumer.DEFAULT_TIMEOUT)
                .until(() -> events(costs, session, type).size() >= count);
        return events(costs, session, type);
    }

    private static List<JsonNode> events(TestConsumer costs, String session, String type) {
        return costs.records().stream().filter(r -> r.key().equals(session) && r.value().contains(type))
                .map(ConsumerRecord::value).map(BudgetLiftTest::treeUnchecked).toList();
    }

    private static JsonNode tree(String json) throws Exception {
        return EventJson.mapper().readTree(json);
    }

    private static JsonNode treeUnchecked(String json) {
        try {
            return tree(json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
