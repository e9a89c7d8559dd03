package dev.podbench.cost.ledger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.podbench.cost.budgets.BudgetAlerts;
import dev.podbench.cost.config.CostConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/** Runs the usage consumer for the service's lifetime (after Flyway has migrated the ledger). */
@ApplicationScoped
public class UsageIngestService {

    private final CostConfig config;
    private final String bootstrapServers;
    private final UsageBatchHandler handler;
    private final BudgetAlerts budgetAlerts;
    private UsageIngestLoop<UsageBatchHandler.Decoded> loop;

    public UsageIngestService(CostConfig config, @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
            UsageBatchHandler handler, BudgetAlerts budgetAlerts) {
        this.config = config;
        this.bootstrapServers = bootstrapServers;
        this.handler = handler;
        this.budgetAlerts = budgetAlerts;
    }

    void start(@Observes StartupEvent event) {
        if (config.ingest().enabled()) {
            loop = newLoop(config.ingest().groupId(), config.ingest().topic(), config.ingest().maxBatch()).start();
        }
    }

    void stop(@Observes ShutdownEvent event) {
        if (loop != null) {
            loop.close();
        }
    }

    /** A consumer of {@code topic} in group {@code groupId} feeding this service's ledger; not started. */
    public UsageIngestLoop<UsageBatchHandler.Decoded> newLoop(String groupId, String topic, int maxBatch) {
        return new UsageIngestLoop<>(bootstrapServers, groupId, topic, maxBatch, handler::decode, handler::apply,
                budgetAlerts::publishDueQuietly, config.ingest().retryBackoff());
    }
}
