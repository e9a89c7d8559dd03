package dev.podbench.terminal.audit;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.flywaydb.core.Flyway;
import org.jboss.logging.Logger;

import dev.podbench.contexts.Contexts;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;

/**
 * Migrates the audit schema in the background after start, retrying until the database answers. Unlike the other
 * services the gateway does not migrate before it serves: terminals do not need the database, so neither a
 * database outage at start nor a slow migration may keep them from opening (or slow down {@code ./podbench up}).
 */
@ApplicationScoped
public class AuditSchema {

    private static final Logger LOG = Logger.getLogger(AuditSchema.class);

    private final Flyway flyway;
    private final CompletableFuture<Void> migrated = new CompletableFuture<>();
    private volatile boolean failing;

    public AuditSchema(Flyway flyway) {
        this.flyway = flyway;
    }

    void migrateInBackground(@Observes StartupEvent start) {
        Contexts.blocking(flyway::migrate)
                .onFailure().invoke(failure -> failing = true)
                .onFailure().invoke(failure -> LOG.warnf("terminal connection audit: migrating the schema failed,"
                        + " retrying (terminals are not affected): %s", failure.getMessage()))
                .onFailure().retry().withBackOff(Duration.ofSeconds(1), Duration.ofSeconds(30)).indefinitely()
                .subscribe().with(result -> {
                    LOG.debugf("terminal connection audit: schema at version %s", result.targetSchemaVersion);
                    migrated.complete(null);
                }, failure -> LOG.errorf(failure, "terminal connection audit: schema migration gave up"));
    }

    /** Where the schema stands: migrated, its first migration under way, or failing (and being retried). */
    public enum State {
        MIGRATED, MIGRATING, FAILING
    }

    public State state() {
        return migrated.isDone() ? State.MIGRATED : failing ? State.FAILING : State.MIGRATING;
    }

    /** Completes once the schema is in place. */
    Uni<Void> ready() {
        // a copy per subscription: a cancelled subscriber must not cancel the shared future
        return Uni.createFrom().completionStage(migrated::copy);
    }
}
