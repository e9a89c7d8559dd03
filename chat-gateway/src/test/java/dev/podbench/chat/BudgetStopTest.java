package dev.podbench.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import dev.podbench.chat.budget.BudgetGate;
import dev.podbench.chat.budget.BudgetStops;
import dev.podbench.chat.budget.BudgetStopsReader;
import dev.podbench.events.CloudEvent;
import dev.podbench.events.EventJson;
import dev.podbench.events.EventPayload;
import dev.podbench.events.Topics;
import dev.podbench.events.cost.BudgetExceeded;
import dev.podbench.events.cost.BudgetLiftReason;
import dev.podbench.events.cost.BudgetLifted;
import dev.podbench.events.cost.BudgetLimit;
import dev.podbench.events.cost.BudgetPeriod;
import dev.podbench.events.cost.BudgetScope;
import dev.podbench.events.session.SessionSnapshot;
import dev.podbench.events.session.SessionState;
import dev.podbench.testkit.KafkaTestResource;
import dev.podbench.testkit.TestTokens;
import dev.podbench.testkit.agent.FakeClaudeAgentResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/**
 * The budget stop (issue 13): a used-up budget that covers a session refuses its next messages with
 * {@code budget_exceeded} and sends nothing to the agent; a lift lets the next one through. Real Kafka (the costs
 * topic as cost-service writes it), PostgreSQL, the fake agent and WebSockets.
 */
@QuarkusTest
@QuarkusTestResource(FakeClaudeAgentResource.class)
class BudgetStopTest {

    @Inject
    Vertx vertx;
    @Inject
    BudgetGate gate;
    @ConfigProperty(name = "podbench.workspace.local.root")
    Path podRoot;
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;
    @TestHTTPResource("/")
    URI base;

    @Test
    void aUsedUpSessionBudgetRefusesMessagesUntilRaised() {
        SessionSnapshot session = TestSessions.active(podRoot, "alice", Map.of());
        BudgetLimit budget = budget(BudgetScope.SESSION, session.sessionId(), BudgetPeriod.TOTAL, Instant.EPOCH, "0.02");
        try (ChatClient chat = chat(session)) {
            chat.message("first turn");
            chat.awaitEvents("result", 1);

            publish(new BudgetExceeded(session.sessionId(), budget, new BigDecimal("0.025"), Instant.now()));
            awaitStopped(session, true);
            chat.message("over budget");
            String refusal = chat.awaitError("budget_exceeded").getString("message");
            assertThat(refusal).contains("This session's budget of $0.02 in total", budget.budgetId(),
                    "$0.025 spent", "raise it", "delete it");

            publish(new BudgetLifted(session.sessionId(), limit(budget, "0.10"), new BigDecimal("0.025"),
                    BudgetLiftReason.RAISED, Instant.now()));
            awaitStopped(session, false);
            chat.message("second turn");
            chat.awaitEvents("result", 2);
            assertNothingReachedTheAgent(chat, "over budget", 2);
        }
    }

    @Test
    void aUsedUpUserBudgetStopsTheOwnersOtherSessionsUntilDeleted() {
        String owner = "bob-" + UUID.randomUUID();
        SessionSnapshot session = TestSessions.active(podRoot, owner, Map.of());
        SessionSnapshot stranger = TestSessions.active(podRoot, "carol-" + UUID.randomUUID(), Map.of());
        BudgetLimit budget = budget(BudgetScope.USER, owner, BudgetPeriod.MONTH,
                Instant.parse(Instant.now().toString().substring(0, 7) + "-01T00:00:00Z"), "5");
        try (ChatClient chat = chat(session, owner)) {
            // the owner's spend crossed the limit in another of their sessions
            publish(new BudgetExceeded(UUID.randomUUID().toString(), budget, new BigDecimal("5.01"), Instant.now()));
            awaitStopped(session, true);
            assertThat(stopped(stranger)).as("someone else's session").isFalse();
            chat.message("over budget");
            assertThat(chat.awaitError("budget_exceeded").getString("message"))
                    .contains("Your user budget of $5.00 a month (UTC)", "$5.01 spent this month", "next month");

            publish(new BudgetLifted(UUID.randomUUID().toString(), budget, new BigDecimal("5.01"),
                    BudgetLiftReason.DELETED, Instant.now()));
            awaitStopped(session, false);
            chat.message("after the delete");
            chat.awaitEvents("result", 1);
            assertNothingReachedTheAgent(chat, "over budget", 1);
        }
    }

    @Test
    void repositoryAndGlobalBudgetsStopWithoutShowingOthersSpend() {
        String repository = "budget-repo-" + UUID.randomUUID();
        SessionSnapshot session = sessionIn(repository);
        SessionSnapshot elsewhere = sessionIn("other-repo-" + UUID.randomUUID());
        BudgetLimit perRepository = budget(BudgetScope.REPOSITORY, repository, BudgetPeriod.DAY, today(), "30");
        BudgetLimit global = budget(BudgetScope.GLOBAL, null, BudgetPeriod.TOTAL, Instant.EPOCH, "1000");
        try (ChatClient chat = chat(session)) {
            publish(new BudgetExceeded(UUID.randomUUID().toString(), perRepository, new BigDecimal("31"), Instant.now()));
            awaitStopped(session, true);
            assertThat(stopped(elsewhere)).isFalse();
            chat.message("over the repository's budget");
            String refusal = chat.awaitError("budget_exceeded").getString("message");
            assertThat(refusal).contains("repository " + repository, "00:00 UTC").doesNotContain("$");

            publish(new BudgetExceeded(UUID.randomUUID().toString(), global, new BigDecimal("1000.5"), Instant.now()));
            awaitStopped(elsewhere, true);
            publish(new BudgetLifted(UUID.randomUUID().toString(), limit(perRepository, "50"), new BigDecimal("31"),
                    BudgetLiftReason.RAISED, Instant.now()));
            // still stopped: the global budget covers every session
            await().atMost(ChatClient.TIMEOUT).until(() -> gate.refusal(session.sessionId()).await().indefinitely()
                    .map(r -> r.contains("installation's budget")).orElse(false));
            assertThat(gate.refusal(session.sessionId()).await().indefinitely().orElseThrow()).doesNotContain("$");
        } finally {
            publish(new BudgetLifted(UUID.randomUUID().toString(), global, BigDecimal.ZERO, BudgetLiftReason.DELETED,
                    Instant.now()));
        }
        awaitStopped(session, false);
        awaitStopped(elsewhere, false);
    }

    @Test
    void aRunningTurnIsNotCutShortByTheStop() {
        SessionSnapshot session = TestSessions.active(podRoot, "alice", Map.of());
        BudgetLimit budget = budget(BudgetScope.SESSION, session.sessionId(), BudgetPeriod.TOTAL, Instant.EPOCH, "0.01");
        try (ChatClient chat = chat(session)) {
            chat.message("be slow please");
            chat.awaitEvent(e -> "assistant_text".equals(e.getString("kind")) && e.getString("text").startsWith("Turn 1"));
            chat.awaitStatus("working");
            List<ProcessHandle> agent = AgentProcesses.in(Path.of(session.worktreePath()));

            publish(new BudgetExceeded(session.sessionId(), budget, new BigDecimal("0.0125"), Instant.now()));
            awaitStopped(session, true);
            chat.message("one more thing");
            chat.awaitError("budget_exceeded");
            assertThat(chat.status().orElseThrow().getString("state")).isEqualTo("working");
            assertThat(AgentProcesses.in(Path.of(session.worktreePath()))).isEqualTo(agent);

            // the turn goes on until it ends as any turn does (here the person interrupts it: that stays allowed)
            chat.send(new JsonObject().put("type", "interrupt"));
            chat.awaitEvents("result", 1);
            chat.awaitStatus("idle");
            assertThat(AgentProcesses.in(Path.of(session.worktreePath()))).isEqualTo(agent);
            assertThat(chat.events("user")).extracting(e -> e.getJsonObject("event").getString("text"))
                    .containsExactly("be slow please");
        }
    }

    @Test
    void aRestartedGatewayKnowsTheStopsFromTheTopic() throws Exception {
        SessionSnapshot stopped = TestSessions.active(podRoot, "alice", Map.of());
        SessionSnapshot lifted = TestSessions.active(podRoot, "alice", Map.of());
        BudgetLimit stopping = budget(BudgetScope.SESSION, stopped.sessionId(), BudgetPeriod.TOTAL, Instant.EPOCH, "1");
        BudgetLimit raised = budget(BudgetScope.SESSION, lifted.sessionId(), BudgetPeriod.TOTAL, Instant.EPOCH, "1");
        Instant at = Instant.now();
        publish(new BudgetExceeded(stopped.sessionId(), stopping, new BigDecimal("1.5"), at));
        // the lift first, its older stop after it (another partition, a slower producer): the lift still wins
        publish(new BudgetLifted(lifted.sessionId(), limit(raised, "2"), new BigDecimal("1.5"),
                BudgetLiftReason.RAISED, at.plusMillis(5)));
        publish(new BudgetExceeded(lifted.sessionId(), raised, new BigDecimal("1.5"), at));
        awaitStopped(stopped, true);

        // what a new instance of the gateway rebuilds from the topic alone
        BudgetStops rebuilt = new BudgetStops();
        try (BudgetStopsReader reader = new BudgetStopsReader(bootstrapServers, Topics.COSTS, rebuilt)) {
            reader.start();
            reader.caughtUp().get(ChatClient.TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            assertThat(rebuilt.stopping(stopped, Instant.now())).get()
                    .satisfies(k -> assertThat(k.budget().budgetId()).isEqualTo(stopping.budgetId()));
            assertThat(rebuilt.stopping(lifted, Instant.now())).isEmpty();
        }
    }

    private ChatClient chat(SessionSnapshot session) {
        return chat(session, session.owner());
    }

    private ChatClient chat(SessionSnapshot session, String owner) {
        return ChatClient.connect(vertx, base, session.sessionId(), TestTokens.bearer(owner), ChatGatewayTest.ORIGIN);
    }

    private SessionSnapshot sessionIn(String repository) {
        String id = UUID.randomUUID().toString();
        Path worktree = podRoot.resolve(TestSessions.REPOSITORY).resolve("worktrees").resolve(id);
        try {
            Files.createDirectories(worktree);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Instant now = Instant.now();
        SessionSnapshot snapshot = new SessionSnapshot(id, repository, "budget test repo", "podbench/" + id.substring(0, 8),
                "origin/main", SessionState.ACTIVE, "alice", TestSessions.REPOSITORY, "local", worktree.toString(), null,
                now, now, null);
        TestSessions.publish(snapshot);
        return snapshot;
    }

    private boolean stopped(SessionSnapshot session) {
        return gate.refusal(session.sessionId()).await().indefinitely().isPresent();
    }

    private void awaitStopped(SessionSnapshot session, boolean stopped) {
        await().atMost(ChatClient.TIMEOUT).until(() -> stopped(session) == stopped);
    }

    /** The refused text never reached the transcript, and the agent counted only the turns let through. */
    private static void assertNothingReachedTheAgent(ChatClient chat, String refused, int turns) {
        assertThat(chat.events("user")).extracting(e -> e.getJsonObject("event").getString("text"))
                .doesNotContain(refused).hasSize(turns);
        assertThat(chat.events("assistant_text")).extracting(e -> e.getJsonObject("event").getString("text"))
                .contains("Done with turn " + turns + ".").doesNotContain("Done with turn " + (turns + 1) + ".");
    }

    private static BudgetLimit budget(BudgetScope scope, String scopeId, BudgetPeriod period, Instant periodStart,
            String limit) {
        return new BudgetLimit(UUID.randomUUID().toString(), scope, scopeId, period, periodStart, new BigDecimal(limit));
    }

    private static BudgetLimit limit(BudgetLimit budget, String limit) {
        return new BudgetLimit(budget.budgetId(), budget.scope(), budget.scopeId(), budget.period(), budget.periodStart(),
                new BigDecimal(limit));
    }

    private static Instant today() {
        return Instant.now().truncatedTo(ChronoUnit.DAYS);
    }

    private static void publish(EventPayload payload) {
        KafkaTestResource.send(Topics.COSTS, payload.sessionId(),
                EventJson.encodeToString(CloudEvent.of("/podbench/cost-service", payload)));
    }
}
