package dev.podbench.web.updates;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.podbench.events.CloudEvent;
import dev.podbench.events.EventJson;
import dev.podbench.events.Topics;
import dev.podbench.events.cost.BudgetExceeded;
import dev.podbench.events.cost.BudgetLiftReason;
import dev.podbench.events.cost.BudgetLifted;
import dev.podbench.events.cost.BudgetLimit;
import dev.podbench.events.cost.BudgetPeriod;
import dev.podbench.events.cost.BudgetScope;
import dev.podbench.events.cost.BudgetWarning;
import dev.podbench.events.cost.SessionCostTotal;
import dev.podbench.events.pullrequest.ChecksStatus;
import dev.podbench.events.pullrequest.PullRequestState;
import dev.podbench.events.pullrequest.PullRequestUpdated;
import dev.podbench.events.pullrequest.ReviewStatus;
import dev.podbench.events.session.SessionSnapshot;
import dev.podbench.events.session.SessionState;
import dev.podbench.events.session.StartStep;
import dev.podbench.events.session.StartStepTime;
import dev.podbench.testkit.KafkaTestResource;
import dev.podbench.testkit.TestTokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class UpdatesResourceTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TestHTTPResource("/")
    URL base;

    @Test
    void streamsTheSnapshotThenChangesAndCostsToTheOwner() throws Exception {
        String id = UUID.randomUUID().toString();
        publish(snapshot(id, "alice", SessionState.ACTIVE));

        HttpResponse<java.io.InputStream> response = open(id, TestTokens.bearer("alice"));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        BlockingQueue<String[]> events = events(response);

        String[] first = events.poll(15, TimeUnit.SECONDS);
        assertThat(first).isNotNull();
        assertThat(first[0]).isEqualTo("session");
        assertThat(first[1]).contains("\"state\":\"active\"").contains("\"owner\":\"alice\"");

        publish(snapshot(id, "alice", SessionState.ENDED));
        String[] ended = events.poll(15, TimeUnit.SECONDS);
        assertThat(ended).isNotNull();
        assertThat(ended[0]).isEqualTo("session");
        assertThat(ended[1]).contains("\"state\":\"ended\"");

        KafkaTestResource.send(Topics.COSTS, id, EventJson.encodeToString(CloudEvent.of("/podbench/cost-service",
                new SessionCostTotal(id, "r1", "alice", new BigDecimal("0.1234"), 2, Instant.now()))));
        String[] cost = events.poll(15, TimeUnit.SECONDS);
        assertThat(cost).isNotNull();
        assertThat(cost[0]).isEqualTo("cost");
        assertThat(cost[1]).contains("\"totalCostUsd\":\"0.1234\"");
        response.body().close();
    }

    @Test
    void streamsBudgetAlertsAndPullRequestsOfThisSessionOnly() throws Exception {
        String id = UUID.randomUUID().toString();
        String other = UUID.randomUUID().toString();
        publish(snapshot(id, "carol", SessionState.ACTIVE));
        HttpResponse<java.io.InputStream> response = open(id, TestTokens.bearer("carol"));
        assertThat(response.statusCode()).isEqualTo(200);
        BlockingQueue<String[]> events = events(response);
        String[] first = events.poll(15, TimeUnit.SECONDS);
        assertThat(first).isNotNull();
        assertThat(first[0]).isEqualTo("session");

        KafkaTestResource.send(Topics.PULL_REQUESTS, other, EventJson.encodeToString(CloudEvent.of("/podbench/pr-tracker",
                new PullRequestUpdated(other, "https://github.com/acme/app/pull/1", "not this one",
                        PullRequestState.OPEN, ChecksStatus.PENDING, ReviewStatus.NONE, Instant.now()))));
        KafkaTestResource.send(Topics.PULL_REQUESTS, id, EventJson.encodeToString(CloudEvent.of("/podbench/pr-tracker",
                new PullRequestUpdated(id, "https://github.com/acme/app/pull/2", "Fix login", PullRequestState.OPEN,
                        ChecksStatus.FAILURE, ReviewStatus.APPROVED, Instant.now()))));
        String[] pullRequest = events.poll(15, TimeUnit.SECONDS);
        assertThat(pullRequest).isNotNull();
        assertThat(pullRequest[0]).isEqualTo("pull-request");
        assertThat(pullRequest[1]).contains("\"url\":\"https://github.com/acme/app/pull/2\"")
                .contains("\"checks\":\"failure\"").contains("pull-request.updated.v1");

        KafkaTestResource.send(Topics.COSTS, id, EventJson.encodeToString(CloudEvent.of("/podbench/cost-service",
                new BudgetWarning(id, new BudgetLimit("7", BudgetScope.SESSION, id, BudgetPeriod.TOTAL, Instant.now(),
                        new BigDecimal("1.00")), new BigDecimal("0.80"), 80, Instant.now()))));
        String[] budget = events.poll(15, TimeUnit.SECONDS);
        assertThat(budget).isNotNull();
        assertThat(budget[0]).isEqualTo("budget");
        assertThat(budget[1]).contains("\"limitUsd\":\"1.00\"").contains("budget-warning.v1");

        // the installation's budget adds up everybody's spend: its owner learns of the stop, not the amounts
        KafkaTestResource.send(Topics.COSTS, id, EventJson.encodeToString(CloudEvent.of("/podbench/cost-service",
                new BudgetExceeded(id, new BudgetLimit("8", BudgetScope.GLOBAL, null, BudgetPeriod.MONTH,
                        Instant.now(), new BigDecimal("900.00")), new BigDecimal("901.25"), Instant.now()))));
        String[] global = events.poll(15, TimeUnit.SECONDS);
        assertThat(global).isNotNull();
        assertThat(global[0]).isEqualTo("budget");
        assertThat(global[1]).contains("budget-exceeded.v1").contains("\"scope\":\"global\"")
                .doesNotContain("900.00").doesNotContain("901.25").doesNotContain("spentUsd")
                .doesNotContain("limitUsd");
        response.body().close();
    }

    @Test
    void aBudgetStopAndItsLiftCarryTheirStateForTheBanner() throws Exception {
        String id = UUID.randomUUID().toString();
        publish(snapshot(id, "dora", SessionState.ACTIVE));
        HttpResponse<java.io.InputStream> response = open(id, TestTokens.bearer("dora"));
        assertThat(response.statusCode()).isEqualTo(200);
        BlockingQueue<String[]> events = events(response);
        // the stream is live once the session's snapshot came
        assertThat(events.poll(15, TimeUnit.SECONDS)).isNotNull().satisfies(e -> assertThat(e[0]).isEqualTo("session"));
        BudgetLimit budget = new BudgetLimit("9", BudgetScope.SESSION, id, BudgetPeriod.TOTAL, Instant.EPOCH,
                new BigDecimal("2.00"));
        KafkaTestResource.send(Topics.COSTS, id, EventJson.encodeToString(CloudEvent.of("/podbench/cost-service",
                new BudgetExceeded(id, budget, new BigDecimal("2.01"), Instant.now()))));
        String[] exceeded = nextBudgetEvent(events);
        assertThat(exceeded[1]).contains("\"state\":\"exceeded\"").contains("budget-exceeded.v1");

        KafkaTestResource.send(Topics.COSTS, id, EventJson.encodeToString(CloudEvent.of("/podbench/cost-service",
                new BudgetLifted(id, new BudgetLimit("9", BudgetScope.SESSION, id, BudgetPeriod.TOTAL, Instant.EPOCH,
                        new BigDecimal("5.00")), new BigDecimal("2.01"), BudgetLiftReason.RAISED, Instant.now()))));
        String[] lifted = nextBudgetEvent(events);
        assertThat(lifted[1]).contains("\"state\":\"lifted\"").contains("budget-lifted.v1")
                .contains("\"reason\":\"raised\"").contains("\"limitUsd\":\"5.00\"").contains("\"budgetId\":\"9\"");
        response.body().close();
    }

    /** The next {@code budget} event; the session's snapshot may come once or twice before it. */
    private static String[] nextBudgetEvent(BlockingQueue<String[]> events) throws InterruptedException {
        for (String[] event = events.poll(15, TimeUnit.SECONDS); event != null; event = events.poll(15, TimeUnit.SECONDS)) {
            if (!event[0].equals("session")) {
                assertThat(event[0]).isEqualTo("budget");
                return event;
            }
        }
        throw new AssertionError("no budget event within 15 s");
    }

    @Test
    void aStartingSessionsStepsReachTheStream() throws Exception {
        String id = UUID.randomUUID().toString();
        SessionSnapshot created = snapshot(id, "dora", SessionState.STARTING);
        Instant pod = created.createdAt().plusMillis(20);
        Instant fetch = pod.plusMillis(400);
        publish(withSteps(created, List.of(new StartStepTime(StartStep.POD, pod, null))));
        HttpResponse<java.io.InputStream> response = open(id, TestTokens.bearer("dora"));
        assertThat(response.statusCode()).isEqualTo(200);
        BlockingQueue<String[]> events = events(response);
        String[] first = events.poll(15, TimeUnit.SECONDS);
        assertThat(first).isNotNull();
        assertThat(first[1]).contains("\"startSteps\":[{\"step\":\"pod\",\"startedAt\":\"" + pod + "\"}]");

        publish(withSteps(created, List.of(new StartStepTime(StartStep.POD, pod, fetch),
                new StartStepTime(StartStep.FETCH, fetch, null))));
        String[] fetching = events.poll(15, TimeUnit.SECONDS);
        assertThat(fetching).isNotNull();
        assertThat(fetching[0]).isEqualTo("session");
        assertThat(fetching[1]).contains("{\"step\":\"pod\",\"startedAt\":\"" + pod + "\",\"finishedAt\":\"" + fetch + "\"}")
                .contains("{\"step\":\"fetch\",\"startedAt\":\"" + fetch + "\"}");
        response.body().close();
    }

    @Test
    void othersGetA404AndAdminsMayWatch() throws Exception {
        String id = UUID.randomUUID().toString();
        publish(snapshot(id, "alice", SessionState.ACTIVE));
        HttpResponse<java.io.InputStream> admin = open(id, TestTokens.admin("root"));
        assertThat(admin.statusCode()).isEqualTo(200);
        admin.body().close();
        HttpResponse<java.io.InputStream> bob = open(id, TestTokens.bearer("bob"));
        assertThat(bob.statusCode()).isEqualTo(404);
        bob.body().close();
        HttpResponse<java.io.InputStream> unknown = open(UUID.randomUUID().toString(), TestTokens.bearer("alice"));
        assertThat(unknown.statusCode()).isEqualTo(404);
        unknown.body().close();
        HttpResponse<java.io.InputStream> anonymous = open(id, null);
        assertThat(anonymous.statusCode()).isEqualTo(401);
    }

    private HttpResponse<java.io.InputStream> open(String id, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "api/sessions/" + id + "/updates"))
                .header("Accept", "text/event-stream");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    }

    /** {name, data} per server-sent event, read on a background thread. */
    private static BlockingQueue<String[]> events(HttpResponse<java.io.InputStream> response) {
        BlockingQueue<String[]> queue = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                String name = null;
                StringBuilder data = new StringBuilder();
                for (String line; (line = lines.readLine()) != null;) {
                    if (line.startsWith("event:")) {
                        name = line.substring(6).trim();
                    } else if (line.startsWith("data:")) {
                        data.append(line.substring(5).trim());
                    } else if (line.isEmpty() && name != null) {
                        queue.add(new String[] { name, data.toString() });
                        name = null;
                        data.setLength(0);
                    }
                }
            } catch (Exception ignored) {
                // closed
            }
        });
        reader.setDaemon(true);
        reader.start();
        return queue;
    }

    private static SessionSnapshot snapshot(String id, String owner, SessionState state) {
        Instant now = Instant.now();
        return new SessionSnapshot(id, "r1", "demo", "podbench/" + owner + "/x", "origin/main", state, owner, "pod-1",
                "local", "/tmp/wt", null, now.minusSeconds(60), now, state == SessionState.ENDED ? now : null);
    }

    /** {@code snapshot} with these start steps, taken now (a newer snapshot of the same session). */
    private static SessionSnapshot withSteps(SessionSnapshot s, List<StartStepTime> steps) {
        return new SessionSnapshot(s.sessionId(), s.repositoryId(), s.repositoryName(), s.branch(), s.baseRef(), s.state(),
                s.owner(), s.pod(), s.runtime(), s.worktreePath(), s.failureReason(), s.createdAt(), Instant.now(),
                s.endedAt(), s.cloneUrl(), steps);
    }

    private static void publish(SessionSnapshot snapshot) {
        KafkaTestResource.send(Topics.SESSIONS, snapshot.sessionId(),
                EventJson.encodeToString(CloudEvent.of("/podbench/session-service", snapshot)));
    }
}
