package dev.podbench.chat.budget;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.podbench.sessions.SessionDirectory;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * The budget stop in the chat's message path (issue 13): a session some used-up budget covers (its own, its owner's,
 * its repository's, the global one) gets {@code budget_exceeded} instead of a new turn. Only new messages: a turn
 * already running, interrupts, model changes and the terminal are not its business.
 *
 * <p>Its knowledge comes from the costs topic, read from the beginning at every start ({@link BudgetStopsReader}):
 * it survives a restart without asking cost-service, and the order records arrive in does not matter
 * ({@link BudgetStops}). Right after a start a message waits for that replay (at most {@code replay-wait}).
 */
@ApplicationScoped
public class BudgetGate {

    public static final String ERROR_CODE = BudgetRefusal.CODE;

    private final BudgetStops stops = new BudgetStops();
    private final SessionDirectory directory;
    private final BudgetStopsReader reader;
    private final Duration replayWait;

    public BudgetGate(SessionDirectory directory, BudgetStopsConfig config,
            @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        this.directory = directory;
        this.reader = new BudgetStopsReader(bootstrapServers, config.topic(), stops);
        this.replayWait = config.replayWait();
    }

    void start(@Observes StartupEvent started) {
        reader.start();
    }

    /** The words of the refusal when a used-up budget stops {@code sessionId}'s new messages, else empty. */
    public Uni<Optional<String>> refusal(String sessionId) {
        return replayed().map(ignored -> directory.find(sessionId)
                .flatMap(session -> stops.stopping(session, Instant.now()))
                .map(BudgetRefusal::message));
    }

    /** Whether the stops were replayed since the start. */
    public boolean isCaughtUp() {
        return reader.caughtUp().isDone();
    }

    /** Readiness: replayed, and still following the topic. */
    public boolean isCurrent() {
        return isCaughtUp() && reader.isReading();
    }

    /** How many budgets are known (readiness data). */
    public int knownBudgets() {
        return stops.size();
    }

    private Uni<Void> replayed() {
        if (isCaughtUp()) {
            return Uni.createFrom().voidItem();
        }
        // the replay completes on the reader's thread: continue on the caller's context, as the message path expects
        Context context = Vertx.currentContext();
        Uni<Void> waited = Uni.createFrom().completionStage(() -> reader.caughtUp()
                .completeOnTimeout(null, replayWait.toMillis(), TimeUnit.MILLISECONDS));
        return context == null ? waited : waited.emitOn(task -> context.runOnContext(v -> task.run()));
    }

    @PreDestroy
    void stop() {
        reader.close();
    }
}
