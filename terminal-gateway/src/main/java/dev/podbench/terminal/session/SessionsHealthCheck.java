package dev.podbench.terminal.session;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Not ready until the session snapshots are loaded: a terminal opened earlier would have to wait for them. */
@Readiness
@ApplicationScoped
public class SessionsHealthCheck implements HealthCheck {

    private final SessionDirectory directory;

    public SessionsHealthCheck(SessionDirectory directory) {
        this.directory = directory;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("session snapshots").status(directory.isLoaded())
                .withData("sessions", directory.size()).build();
    }
}
