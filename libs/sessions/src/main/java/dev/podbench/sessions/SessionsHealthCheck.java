package dev.podbench.sessions;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Not ready before the session snapshots are replayed: a lookup made earlier would have to wait for them. */
@Readiness
@ApplicationScoped
public class SessionsHealthCheck implements HealthCheck {

    public static final String NAME = "session snapshots";

    private final SessionDirectory directory;

    public SessionsHealthCheck(SessionDirectory directory) {
        this.directory = directory;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named(NAME).status(directory.isCaughtUp())
                .withData("sessions", directory.size()).build();
    }
}
