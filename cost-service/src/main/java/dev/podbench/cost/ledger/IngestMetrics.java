package dev.podbench.cost.ledger;

import java.util.EnumMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** What the ingest did, on /q/metrics: events applied, duplicates ignored, records rejected by reason. */
@ApplicationScoped
public class IngestMetrics {

    private final Counter applied;
    private final Counter duplicates;
    private final Map<RejectReason, Counter> rejected = new EnumMap<>(RejectReason.class);

    public IngestMetrics(MeterRegistry registry) {
        applied = Counter.builder("podbench.cost.usage.applied")
                .description("usage events added to the ledger").register(registry);
        duplicates = Counter.builder("podbench.cost.usage.duplicates")
                .description("usage events already in the ledger (redelivered or replayed)").register(registry);
        for (RejectReason reason : RejectReason.values()) {
            rejected.put(reason, Counter.builder("podbench.cost.usage.rejected").tag("reason", reason.value())
                    .description("usage-topic records that are not valid events, sent to the dead-letter topic")
                    .register(registry));
        }
    }

    void batch(long received, long inserted) {
        applied.increment(inserted);
        duplicates.increment(received - inserted);
    }

    void rejected(RejectReason reason) {
        rejected.get(reason).increment();
    }

    public double rejectedCount(RejectReason reason) {
        return rejected.get(reason).count();
    }
}
