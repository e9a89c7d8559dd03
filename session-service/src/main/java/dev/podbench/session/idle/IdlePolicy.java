package dev.podbench.session.idle;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduled.ConcurrentExecution;
import io.smallrye.mutiny.Uni;

import dev.podbench.session.sessions.SessionService;

/** Periodically warns and ends idle sessions, and finishes interrupted starts and ends. */
@ApplicationScoped
public class IdlePolicy {

    private final SessionService sessions;

    public IdlePolicy(SessionService sessions) {
        this.sessions = sessions;
    }

    @Scheduled(identity = "idle-policy", every = "${podbench.idle.check-interval:1m}",
            concurrentExecution = ConcurrentExecution.SKIP)
    Uni<Void> run() {
        return sessions.applyIdlePolicy().chain(sessions::sweep);
    }
}
