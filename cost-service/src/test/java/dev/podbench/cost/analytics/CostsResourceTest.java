package dev.podbench.cost.analytics;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.podbench.cost.UsageEvents;
import dev.podbench.cost.ledger.LedgerEntry;
import dev.podbench.cost.ledger.LedgerStore;
import dev.podbench.events.usage.UsageSource;
import dev.podbench.testkit.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

@QuarkusTest
class CostsResourceTest {

    @Inject
    LedgerStore ledger;

    String dana;
    String erin;
    String repo;

    /** Two users in a repository of their own, spend on 2031-03-01/02 (UTC) so no other test's data is in range. */
    @BeforeEach
    void seed() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        dana = "dana-" + run;
        erin = "erin-" + run;
        repo = "repo-" + run;
        ledger.apply(List.of(
                entry("s1-" + run, UsageSource.SESSION, dana, "claude-sonnet-4-5", "1.10", "2031-03-01T09:15:00Z"),
                entry("s1-" + run, UsageSource.SESSION, dana, "claude-opus-4-1", "2.00", "2031-03-01T09:45:00Z"),
                entry("s2-" + run, UsageSource.SESSION, dana, "claude-sonnet-4-5", "0.40", "2031-03-01T23:30:00Z"),
                entry("t1-" + run, UsageSource.TASK, erin, "claude-haiku-4-5", "0.05", "2031-03-02T08:00:00Z")))
                .await().indefinitely();
    }

    @Test
    void anAdminSeesEveryonesSpendGroupedByDayAndSource() {
        Response response = given().auth().oauth2(TestTokens.admin("root"))
                .queryParam("from", "2031-03-01").queryParam("to", "2031-03-02").queryParam("groupBy", "day,source")
                .queryParam("repositoryId", repo)
                .get("/api/costs").then().statusCode(200)
                .body("from", equalTo("2031-03-01")).body("to", equalTo("2031-03-02"))
                .body("groupBy", equalTo(List.of("day", "source")))
                .body("totalCostUsd", equalTo("3.55"))
                .body("rows", hasSize(2)).extract().response();

        assertThat(response.jsonPath().getMap("rows[0].group")).containsEntry("day", "2031-03-01")
                .containsEntry("source", "session");
        assertThat(response.jsonPath().getString("rows[0].costUsd")).isEqualTo("3.50");
        assertThat(response.jsonPath().getInt("rows[0].turns")).isEqualTo(3);
        assertThat(response.jsonPath().getInt("rows[0].sessions")).isEqualTo(2);
        assertThat(response.jsonPath().getLong("rows[0].cacheReadTokens")).isEqualTo(3000);
        assertThat(response.jsonPath().getMap("rows[1].group")).containsEntry("day", "2031-03-02")
                .containsEntry("source", "task");
    }

    @Test
    void daysAreCountedInTheRequestedTimeZone() {
        // 23:30 UTC on the 1st is already the 2nd in Berlin (UTC+1 in March)
        given().auth().oauth2(TestTokens.admin("root"))
                .queryParam("from", "2031-03-01").queryParam("to", "2031-03-02").queryParam("groupBy", "day")
                .queryParam("tz", "Europe/Berlin").queryParam("user", dana)
                .get("/api/costs").then().statusCode(200)
                .body("rows.group.day", equalTo(List.of("2031-03-01", "2031-03-02")))
                .body("rows.costUsd", equalTo(List.of("3.10", "0.40")));
    }

    @Test
    void aUserSeesOnlyTheirOwnSpend() {
        given().auth().oauth2(TestTokens.bearer(dana))
                .queryParam("from", "2031-03-01").queryParam("to", "2031-03-31").queryParam("groupBy", "model")
                .get("/api/costs").then().statusCode(200)
                .body("totalCostUsd", equalTo("3.50"))
                .body("rows.group.model", equalTo(List.of("claude-opus-4-1", "claude-sonnet-4-5")));
        given().auth().oauth2(TestTokens.bearer(dana)).queryParam("user", erin)
                .get("/api/costs").then().statusCode(403)
                .body("error", equalTo("only an administrator can see another user's spend"));
    }

    @Test
    void csvHasAHeaderAndTheSameRows() {
        String csv = given().auth().oauth2(TestTokens.admin("root")).accept("text/csv")
                .queryParam("from", "2031-03-01").queryParam("to", "2031-03-02").queryParam("groupBy", "user")
                .queryParam("repositoryId", repo)
                .get("/api/costs").then().statusCode(200).contentType(containsString("text/csv"))
                .extract().asString();

        assertThat(csv.split("\n")).containsExactly(
                "user,costUsd,turns,sessions,inputTokens,outputTokens,cacheReadTokens,cacheCreationTokens",
                dana + ",3.50,3,2,300,60,3000,30",
                erin + ",0.05,1,1,100,20,1000,10");
    }

    @Test
    void badParametersAre400WithTheErrorBody() {
        String admin = TestTokens.admin("root");
        given().auth().oauth2(admin).queryParam("groupBy", "day,planet").get("/api/costs").then().statusCode(400)
                .body("error", startsWith("costs cannot be grouped by 'planet': use hour, day, week"))
                .body("detail.field", equalTo("groupBy"));
        given().auth().oauth2(admin).queryParam("groupBy", "day,model,user").get("/api/costs").then().statusCode(400)
                .body("error", equalTo("costs can be grouped by at most two things at once, such as day,model"));
        given().auth().oauth2(admin).queryParam("from", "2031-02-30").get("/api/costs").then().statusCode(400)
                .body("error", equalTo("'2031-02-30' is not a date: write it as YYYY-MM-DD, such as 2026-03-31"))
                .body("detail.field", equalTo("from"));
        given().auth().oauth2(admin).queryParam("from", "2031-03-02").queryParam("to", "2031-03-01")
                .get("/api/costs").then().statusCode(400)
                .body("error", equalTo("the start date (2031-03-02) is after the end date (2031-03-01)"));
        given().auth().oauth2(admin).queryParam("from", "2030-01-01").queryParam("to", "2031-03-01")
                .get("/api/costs").then().statusCode(400)
                .body("error", equalTo("the dates cover 425 days; at most 400 can be asked for at once"));
        given().auth().oauth2(admin).queryParam("tz", "Mars/Olympus").get("/api/costs").then().statusCode(400)
                .body("error", equalTo("'Mars/Olympus' is not a time zone: use a name such as UTC or Europe/Paris"));
        given().auth().oauth2(admin).queryParam("source", "robot").get("/api/costs").then().statusCode(400)
                .body("error", startsWith("the source must be ")).body("error", endsWith(", not 'robot'"))
                .body("detail.field", equalTo("source"));
        given().get("/api/costs").then().statusCode(401);
    }

    private LedgerEntry entry(String session, UsageSource source, String user, String model, String cost, String at) {
        var usage = UsageEvents.usage(session, source, repo, user, model, cost, Instant.parse(at));
        return LedgerEntry.of(usage.id(), usage.data());
    }
}
