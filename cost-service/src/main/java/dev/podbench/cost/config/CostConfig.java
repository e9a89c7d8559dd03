package dev.podbench.cost.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** cost-service's own settings ({@code podbench.cost.*} in application.properties). */
@ConfigMapping(prefix = "podbench.cost")
public interface CostConfig {

    Ingest ingest();

    Query query();

    interface Ingest {

        /** Off only for tools that want the ledger without a consumer (the service always consumes). */
        @WithDefault("true")
        boolean enabled();

        @WithDefault("podbench.usage")
        String topic();

        /** The Kafka consumer group: replicas share the partitions of the usage topic. */
        @WithDefault("cost-service")
        String groupId();

        /** At most this many records are applied in one database transaction (Kafka max.poll.records). */
        @WithDefault("2000")
        int maxBatch();

        /** Upper bound for applying one batch (database) and for publishing its results (Kafka acks). */
        @WithDefault("30s")
        Duration batchTimeout();

        /** Wait after a failed batch before it is read again (doubles up to ten times this). */
        @WithDefault("1s")
        Duration retryBackoff();
    }

    interface Query {

        /** The longest range {@code GET /api/costs} accepts. */
        @WithDefault("400")
        int maxRangeDays();

        /** Range when {@code from} is not given: this many days up to {@code to}. */
        @WithDefault("30")
        int defaultRangeDays();

        /** How long an owner check waits for a session the directory does not know yet (just created). */
        @WithDefault("3s")
        Duration sessionWait();
    }
}
