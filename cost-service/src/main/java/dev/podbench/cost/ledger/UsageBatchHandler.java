package dev.podbench.cost.ledger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;

import dev.podbench.cost.budgets.BudgetAlerts;
import dev.podbench.cost.config.CostConfig;
import dev.podbench.cost.kafka.CostEventsProducer;
import dev.podbench.events.CloudEvent;
import dev.podbench.events.Topics;
import dev.podbench.events.kafka.DeadLetters;

/**
 * Applies one polled batch of the usage topic in two stages: {@link #decode} (CPU only) and {@link #apply}: invalid
 * records to the dead-letter topic, valid ones into the ledger in one transaction, then the touched sessions'
 * totals and any due budget alerts to Kafka. {@code apply} returns only when all of that is acknowledged, so the
 * caller may commit the offsets; it throws otherwise (the batch is read again, and the ledger ignores what it
 * already holds). Runs on the ingest threads: it blocks.
 */
@ApplicationScoped
public class UsageBatchHandler {

    private static final Logger LOG = Logger.getLogger(UsageBatchHandler.class);

    private final LedgerStore ledger;
    private final CostEventsProducer producer;
    private final BudgetAlerts budgetAlerts;
    private final IngestMetrics metrics;
    private final Duration timeout;

    public UsageBatchHandler(LedgerStore ledger, CostEventsProducer producer, BudgetAlerts budgetAlerts,
            IngestMetrics metrics, CostConfig config) {
        this.ledger = ledger;
        this.producer = producer;
        this.budgetAlerts = budgetAlerts;
        this.metrics = metrics;
        this.timeout = config.ingest().batchTimeout();
    }

    /** Both stages at once, on the caller's thread. */
    public void handle(List<ConsumerRecord<byte[], byte[]>> records) {
        apply(decode(records));
    }

    /**
     * The first stage, pure CPU and without side effects (so it may run ahead, on a batch that is then dropped and
     * read again): the valid entries, each event id once, and the rejected records.
     */
    public Decoded decode(List<ConsumerRecord<byte[], byte[]>> records) {
        List<LedgerEntry> entries = new ArrayList<>(records.size());
        List<Rejected> rejected = new ArrayList<>();
        Set<String> eventIds = new HashSet<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            try {
                LedgerEntry entry = UsageDecoder.decode(record.value());
                if (eventIds.add(entry.eventId())) {
                    entries.add(entry);
                }
            } catch (UsageRejected e) {
                rejected.add(new Rejected(record, e));
            }
        }
        return new Decoded(entries, rejected);
    }

    /** The second stage: dead letters, the ledger transaction, the totals and the alerts, all acknowledged. */
    public void apply(Decoded batch) {
        List<Future<?>> sends = new ArrayList<>();
        for (Rejected r : batch.rejected()) {
            metrics.rejected(r.rejection().reason());
            LOG.warnf("usage record %s-%d@%d rejected (%s): %s", r.record().topic(), r.record().partition(),
                    r.record().offset(), r.rejection().reason().value(), r.rejection().getMessage());
            sends.add(deadLetter(r.record(), r.rejection()));
        }
        LedgerStore.Applied applied = ledger.apply(batch.entries()).await().atMost(timeout);
        metrics.batch(batch.entries().size(), applied.inserted());
        for (SessionTotal total : applied.totals()) {
            sends.add(producer.publish(CloudEvent.of(CostEventsProducer.SOURCE, total.toEvent())));
        }
        awaitAcks(sends);
        budgetAlerts.publishDueAfterBatch(applied.spendChanged());
    }

    /** A decoded batch: what goes into the ledger and what goes to the dead-letter topic. */
    public record Decoded(List<LedgerEntry> entries, List<Rejected> rejected) {
    }

    record Rejected(ConsumerRecord<byte[], byte[]> record, UsageRejected rejection) {
    }

    private Future<?> deadLetter(ConsumerRecord<byte[], byte[]> record, UsageRejected rejection) {
        return producer.sendRaw(Topics.USAGE_DEAD_LETTER, record.key(), record.value(),
                DeadLetters.headers(record, rejection.reason().value(), rejection.getMessage()));
    }

    private void awaitAcks(List<Future<?>> sends) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            for (Future<?> send : sends) {
                send.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Kafka did not acknowledge the batch's results", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing the batch's results", e);
        }
    }
}
