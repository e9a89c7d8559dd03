package dev.podbench.chat.agent;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import dev.podbench.chat.support.Contexts;
import dev.podbench.events.session.SessionSnapshot;
import dev.podbench.sessions.SessionChanged;
import dev.podbench.sessions.SessionFinished;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.Uni;

/** The supervisors of the sessions this instance serves, created on a session's first chat connection. */
@ApplicationScoped
public class AgentSupervisors {

    private static final Logger LOG = Logger.getLogger(AgentSupervisors.class);

    private final AgentServices services;
    private final ConcurrentMap<String, Uni<AgentSupervisor>> supervisors = new ConcurrentHashMap<>();

    public AgentSupervisors(AgentServices services) {
        this.services = services;
    }

    /** The session's supervisor, loading it on first use (concurrent callers share one). */
    public Uni<AgentSupervisor> forSession(SessionSnapshot session) {
        return supervisors.computeIfAbsent(session.sessionId(), id -> {
            AgentSupervisor supervisor = new AgentSupervisor(id, services, Contexts.newContext(services.vertx()));
            return supervisor.load(session).memoize().indefinitely();
        }).onFailure().invoke(e -> supervisors.remove(session.sessionId()));
    }

    void sessionFinished(@Observes SessionFinished finished) {
        Uni<AgentSupervisor> supervisor = supervisors.remove(finished.sessionId());
        services.publisher().forget(finished.sessionId());
        if (supervisor != null) {
            supervisor.chain(AgentSupervisor::stop).subscribe().with(ok -> {
            }, e -> LOG.warnf(e, "session %s: stopping the agent failed", finished.sessionId()));
        }
    }

    void sessionChanged(@Observes SessionChanged changed) {
        Uni<AgentSupervisor> supervisor = supervisors.get(changed.snapshot().sessionId());
        if (supervisor != null) {
            supervisor.subscribe().with(s -> s.snapshotChanged(changed.snapshot()), e -> {
            });
        }
    }

    void shutdown(@Observes ShutdownEvent event) {
        // no restarts while the runtime kills the agents on its way down
        supervisors.values().forEach(uni -> uni.chain(AgentSupervisor::stop).subscribe().with(ok -> {
        }, e -> {
        }));
    }
}
