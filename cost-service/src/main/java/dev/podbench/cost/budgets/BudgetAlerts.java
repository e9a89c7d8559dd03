package dev.podbench.cost.budgets;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.podbench.cost.config.CostConfig;
import dev.podbench.cost.kafka.CostEventsProducer;
import dev.podbench.events.CloudEvent;
import dev.podbench.events.EventPayload;
import dev.podbench.events.cost.BudgetExceeded;
import dev.podbench.events.cost.BudgetLifted;
import dev.podbench.events.cost.BudgetLimit;
import dev.podbench.events.cost.BudgetWarning;

/**
 * Publishes {@code budget-lifted} for used-up budgets that stop nothing any more (raised, deleted, a new period),
 * then {@code budget-warning} / {@code budget-exceeded} for budgets whose spend crossed 80 % / 100 % in their
 * current period, and records each after Kafka acknowledged it: at least once per budget, period and crossing.
 * Called on the ingest thread (after each batch and when idle) and on a worker thread right after a budget changed:
 * it blocks, and runs one caller at a time so that a lift never overtakes the stop it lifts.
 */
@ApplicationScoped
public class BudgetAlerts {

    private static final Logger LOG = Logger.getLogger(BudgetAlerts.class);
    static final long WARNING_PERCENT = 80;
    private static final Duration TIME_DUE_EVERY = Duration.ofSeconds(1);

    private final BudgetStore store;
    private final CostEventsProducer producer;
    private final Duration timeout;
    private volatile long lastRun = System.nanoTime() - TIME_DUE_EVERY.toNanos();

    public BudgetAlerts(BudgetStore store, CostEventsProducer producer, CostConfig config) {
        this.store = store;
        this.producer = producer;
        this.timeout = config.ingest().batchTimeout();
    }

    /**
     * After an ingested batch: everything due if the batch added to a budget's spend, otherwise at most once a
     * second (lifts for a new period and repeats depend only on the time; a budget changed through the API runs
     * {@link #publishDue()} itself).
     */
    public void publishDueAfterBatch(boolean spendChanged) {
        if (spendChanged || System.nanoTime() - lastRun > TIME_DUE_EVERY.toNanos()) {
            publishDue();
        }
    }

    public synchronized void publishDue() {
        lastRun = System.nanoTime();
        for (DueLift lift : store.dueLifts().await().atMost(timeout)) {
            publish(lifted(lift));
            store.markLifted(lift).await().atMost(timeout);
        }
        List<DueAlert> alerts = new ArrayList<>(store.dueAlerts().await().atMost(timeout));
        alerts.addAll(store.dueRepeats().await().atMost(timeout));
        for (DueAlert alert : alerts) {
            publish(event(alert));
            store.markAlerted(alert).await().atMost(timeout);
        }
    }

    private void publish(EventPayload event) {
        try {
            producer.publish(CloudEvent.of(CostEventsProducer.SOURCE, event)).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Kafka did not acknowledge a budget alert", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing a budget alert", e);
        }
    }

    /** {@link #publishDue()} for the idle loop: a failure is logged and tried again at the next poll. */
    public void publishDueQuietly() {
        try {
            publishDue();
        } catch (RuntimeException e) {
            LOG.warnf("budget alerts not published yet: %s", e.getMessage());
        }
    }

    private static EventPayload event(DueAlert a) {
        Instant now = Instant.now();
        BudgetLimit budget = new BudgetLimit(a.budgetId().toString(), a.scope(), a.scopeId(), a.period(),
                a.periodStart(), a.limitUsd());
        if (a.exceeded()) {
            return new BudgetExceeded(a.sessionId(), budget, a.spentUsd(), now);
        }
        return new BudgetWarning(a.sessionId(), budget, a.spentUsd(), WARNING_PERCENT, now);
    }

    private static BudgetLifted lifted(DueLift l) {
        BudgetLimit budget = new BudgetLimit(l.budgetId().toString(), l.scope(), l.scopeId(), l.period(),
                l.periodStart(), l.limitUsd());
        return new BudgetLifted(l.sessionId(), budget, l.spentUsd(), l.reason(), Instant.now());
    }
}
