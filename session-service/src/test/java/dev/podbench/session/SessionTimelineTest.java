package dev.podbench.session;

import static dev.podbench.session.Api.activeSession;
import static dev.podbench.session.Api.as;
import static dev.podbench.session.Api.asAdmin;
import static dev.podbench.session.Api.end;
import static dev.podbench.session.Api.repository;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

import dev.podbench.testkit.KafkaTestResource;
import dev.podbench.testkit.PostgresTestResource;
import dev.podbench.testkit.TokenTestResource;

/** GET /api/sessions/{id}/timeline: the lifecycle read back from the outbox, for the owner and admins only. */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(TokenTestResource.class)
@QuarkusTestResource(WorkspaceTestResource.class)
class SessionTimelineTest {

    @Test
    void anEndedSessionTellsWhatHappenedAndWho() {
        String repositoryId = repository("tina", "timeline-" + UUID.randomUUID(), Git.origin().toString());
        String id = activeSession("tina", repositoryId, null);
        end("tina", id).then().statusCode(200);

        List<Map<String, Object>> entries = as("tina").get("/api/sessions/" + id + "/timeline")
                .then().statusCode(200).extract().jsonPath().getList("$");
        assertThat(entries).extracting(e -> e.get("kind")).containsExactly("created", "started", "ended");
        Map<String, Object> created = entries.get(0);
        assertThat(created.get("by")).isEqualTo("tina");
        assertThat(((Map<?, ?>) created.get("detail")).get("baseRef")).isEqualTo("origin/main");
        assertThat(entries.get(1)).doesNotContainKey("by");
        assertThat(entries.get(2).get("by")).isEqualTo("tina");
        assertThat(((Map<?, ?>) entries.get(2).get("detail")).get("reason")).isEqualTo("user");
        assertThat(entries).allSatisfy(e -> assertThat((String) e.get("at")).isNotBlank());

        // an admin may read it (support); the timeline stays after the end
        asAdmin("root").get("/api/sessions/" + id + "/timeline").then().statusCode(200);
    }

    @Test
    void othersAndUnknownSessionsGetNotFound() {
        String repositoryId = repository("tina", "timeline-" + UUID.randomUUID(), Git.origin().toString());
        String id = activeSession("tina", repositoryId, null);
        as("mallory").get("/api/sessions/" + id + "/timeline").then().statusCode(404)
                .body("detail.id", equalTo(id));
        as("tina").get("/api/sessions/" + UUID.randomUUID() + "/timeline").then().statusCode(404);
        as("tina").get("/api/sessions/not-an-id/timeline").then().statusCode(404);
        given().get("/api/sessions/" + id + "/timeline").then().statusCode(401);
        end("tina", id).then().statusCode(200);
    }
}
