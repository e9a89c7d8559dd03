package dev.podbench.chat.session;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Not ready before the session snapshots are replayed: a chat opened earlier would have to wait for them. */
@Readiness
@ApplicationScoped
public class SessionsHealthCheck implements HealthCheck {

    private final SessionDirectory directory;

    public SessionsHealthCheck(SessionDirectory directory) {
        this.directory = directory;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("chat session snapshots").status(directory.isReplayed())
                .withData("sessions", directory.size()).build();
    }
}
