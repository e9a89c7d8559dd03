package dev.podbench.session.idle;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduled.ConcurrentExecution;
import io.smallrye.mutiny.Uni;

import dev.podbench.session.sessions.SessionSweeper;

/** Periodically warns and ends idle sessions, and finishes interrupted starts and ends. */
@ApplicationScoped
public class IdlePolicy {

    private final IdleSessions idle;
    private final SessionSweeper sweeper;

    public IdlePolicy(IdleSessions idle, SessionSweeper sweeper) {
        this.idle = idle;
        this.sweeper = sweeper;
    }

    @Scheduled(identity = "idle-policy", every = "${podbench.idle.check-interval:1m}",
            concurrentExecution = ConcurrentExecution.SKIP)
    Uni<Void> run() {
        return idle.apply().chain(sweeper::sweep);
    }
}
