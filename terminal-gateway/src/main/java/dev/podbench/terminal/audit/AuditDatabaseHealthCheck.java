package dev.podbench.terminal.audit;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheckResponse;

import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.health.api.Wellness;
import io.smallrye.mutiny.Uni;

/**
 * The audit database in {@code /q/health}: UP when PostgreSQL answers and the schema is migrated (or its first
 * migration is under way), DOWN when it does not answer or the migration keeps failing.
 *
 * <p>A wellness check on purpose, not a readiness one: it shows in {@code /q/health} (and {@code /q/health/well})
 * for operators, but a database outage must not take the gateway out of its Service, since terminals do not need
 * the database (the audit then loses records and counts them). Quarkus' own datasource checks, which are readiness
 * checks, are disabled for the same reason.
 */
@Wellness
@ApplicationScoped
public class AuditDatabaseHealthCheck implements AsyncHealthCheck {

    static final String NAME = "PostgreSQL (terminal connection audit)";
    private static final Duration TIMEOUT = Duration.ofSeconds(3);

    private final ConnectionRepository repository;
    private final AuditSchema schema;

    public AuditDatabaseHealthCheck(ConnectionRepository repository, AuditSchema schema) {
        this.repository = repository;
        this.schema = schema;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        return repository.ping().ifNoItem().after(TIMEOUT).fail()
                .map(ok -> HealthCheckResponse.named(NAME).status(schema.state() != AuditSchema.State.FAILING)
                        .withData("schema", schema.state().name().toLowerCase()).build())
                .onFailure().recoverWithItem(failure -> HealthCheckResponse.named(NAME).down()
                        .withData("error", failure.getClass().getSimpleName()).build());
    }
}
