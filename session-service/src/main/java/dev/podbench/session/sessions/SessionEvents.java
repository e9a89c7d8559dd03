package dev.podbench.session.sessions;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import dev.podbench.events.CloudEvent;
import dev.podbench.events.EventPayload;
import dev.podbench.events.session.SessionCreated;
import dev.podbench.events.session.SessionEnded;
import dev.podbench.events.session.SessionFailed;
import dev.podbench.events.session.SessionIdleWarning;
import dev.podbench.events.session.SessionSnapshot;
import dev.podbench.events.session.SessionStarted;
import dev.podbench.session.repositories.Repository;
import dev.podbench.workspace.WorkspaceRuntime;

/** The contract events describing a session's changes. */
@ApplicationScoped
public class SessionEvents {

    public static final String SOURCE = "/podbench/session-service";

    private final String runtimeKind;

    public SessionEvents(WorkspaceRuntime runtime) {
        this.runtimeKind = runtime.kind();
    }

    public CloudEvent<SessionCreated> created(Session s, String repositoryName) {
        return event(new SessionCreated(id(s), s.repositoryId.toString(), repositoryName, s.owner, s.branch, s.baseRef,
                s.createdAt));
    }

    public CloudEvent<SessionStarted> started(Session s) {
        return event(new SessionStarted(id(s), s.repositoryId.toString(), s.owner, s.branch, s.pod, runtimeKind,
                s.worktreePath, s.startedAt));
    }

    public CloudEvent<SessionFailed> failed(Session s) {
        return event(new SessionFailed(id(s), s.repositoryId.toString(), s.owner, s.failureReason, s.endedAt));
    }

    public CloudEvent<SessionEnded> ended(Session s) {
        return event(new SessionEnded(id(s), s.repositoryId.toString(), s.owner, s.endReason, s.endedAt));
    }

    public CloudEvent<SessionIdleWarning> idleWarning(Session s, Instant endsAt) {
        return event(new SessionIdleWarning(id(s), s.repositoryId.toString(), s.owner, s.lastActivityAt, endsAt));
    }

    /** The session's whole state, with its repository's clone URL (pr-tracker finds the branch's pull requests by it). */
    public CloudEvent<SessionSnapshot> snapshot(Session s, Repository repository) {
        return event(new SessionSnapshot(id(s), s.repositoryId.toString(), repository.name, s.branch, s.baseRef, s.state,
                s.owner, s.pod, runtimeKind, s.worktreePath, s.failureReason, s.createdAt, Instant.now(), s.endedAt,
                repository.cloneUrl, s.startSteps()));
    }

    private static <T extends EventPayload> CloudEvent<T> event(T payload) {
        return CloudEvent.of(SOURCE, payload);
    }

    private static String id(Session s) {
        return s.id.toString();
    }
}
