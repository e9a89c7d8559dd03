package dev.podbench.session;

import static dev.podbench.session.Api.activeSession;
import static dev.podbench.session.Api.as;
import static dev.podbench.session.Api.awaitState;
import static dev.podbench.session.Api.end;
import static dev.podbench.session.Api.repository;
import static dev.podbench.session.Api.startSession;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

import dev.podbench.events.CloudEvent;
import dev.podbench.events.EventJson;
import dev.podbench.events.Topics;
import dev.podbench.events.session.SessionSnapshot;
import dev.podbench.events.session.SessionState;
import dev.podbench.events.session.StartStep;
import dev.podbench.events.session.StartStepTime;
import dev.podbench.testkit.KafkaTestResource;
import dev.podbench.testkit.PostgresTestResource;
import dev.podbench.testkit.TokenTestResource;

/** A start reports its steps (pod, fetch, worktree) as it goes, on the session and its snapshots. */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(TokenTestResource.class)
@QuarkusTestResource(WorkspaceTestResource.class)
class StartStepsTest {

    @Test
    void anActiveSessionTellsHowLongEachStepTook() throws Exception {
        String repositoryId = repository("stella", "steps-" + UUID.randomUUID(), Git.origin().toString());
        String id = activeSession("stella", repositoryId, null);

        Map<String, Object> session = as("stella").get("/api/sessions/" + id).then().statusCode(200)
                .extract().as(Map.class);
        List<Map<String, String>> steps = (List<Map<String, String>>) session.get("startSteps");
        assertThat(steps).extracting(s -> s.get("step")).containsExactly("pod", "fetch", "worktree");
        for (int i = 0; i < steps.size(); i++) {
            Instant began = Instant.parse(steps.get(i).get("startedAt"));
            Instant finished = Instant.parse(steps.get(i).get("finishedAt"));
            assertThat(finished).isAfterOrEqualTo(began);
            Instant next = i + 1 < steps.size() ? Instant.parse(steps.get(i + 1).get("startedAt"))
                    : Instant.parse((String) session.get("startedAt"));
            assertThat(finished).as("step %s ends where the next begins", i).isEqualTo(next);
        }
        assertThat(Instant.parse(steps.get(0).get("startedAt")))
                .isAfterOrEqualTo(Instant.parse((String) session.get("createdAt")));

        // each step was published as it began: a starting snapshot whose last step is still open, for each step
        List<SessionSnapshot> snapshots = snapshots(id);
        for (StartStep step : StartStep.values()) {
            assertThat(snapshots).as("a snapshot while %s runs", step).anySatisfy(s -> {
                assertThat(s.state()).isEqualTo(SessionState.STARTING);
                StartStepTime last = s.startSteps().get(s.startSteps().size() - 1);
                assertThat(last.step()).isEqualTo(step);
                assertThat(last.finishedAt()).isNull();
            });
        }
        SessionSnapshot activated = snapshots.stream().filter(s -> s.state() == SessionState.ACTIVE).findFirst()
                .orElseThrow();
        assertThat(activated.startSteps()).allSatisfy(s -> assertThat(s.finishedAt()).isNotNull());
        end("stella", id).then().statusCode(200);
    }

    @Test
    void aFailedStartSaysAtWhichStep() throws Exception {
        Path origin = Git.origin();
        String repositoryId = repository("stella", "steps-gone-" + UUID.randomUUID(), origin.toString());
        // the repository's pod exists after a first session; then its remote goes away
        String first = activeSession("stella", repositoryId, null);
        end("stella", first).then().statusCode(200);
        Files.move(origin, origin.resolveSibling("moved-away.git"));

        String id = startSession("stella", repositoryId, null).then().statusCode(201).extract().path("id");
        Map<String, Object> failed = awaitState("stella", id, "failed");

        assertThat((String) failed.get("failureReason")).isNotBlank();
        List<Map<String, String>> steps = (List<Map<String, String>>) failed.get("startSteps");
        assertThat(steps).extracting(s -> s.get("step")).containsExactly("pod", "fetch");
        assertThat(steps.get(0)).containsKey("finishedAt");
        assertThat(steps.get(1)).as("the step that failed stays open").doesNotContainKey("finishedAt");
    }

    private static List<SessionSnapshot> snapshots(String sessionId) throws Exception {
        List<SessionSnapshot> found = new ArrayList<>();
        try (Connection db = Database.connect();
                PreparedStatement query = db.prepareStatement(
                        "select payload from outbox_event where session_id = ? and topic = ? order by seq")) {
            query.setObject(1, UUID.fromString(sessionId));
            query.setString(2, Topics.SESSIONS);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    CloudEvent<?> event = EventJson.decode(rows.getString(1));
                    if (event.data() instanceof SessionSnapshot snapshot && snapshot.startSteps() != null
                            && !snapshot.startSteps().isEmpty()) {
                        found.add(snapshot);
                    }
                }
            }
        }
        return found;
    }
}
