package dev.podbench.events.session;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

import dev.podbench.events.EventPayload;
import dev.podbench.events.Require;

/**
 * {@code dev.podbench.session.snapshot.v1} on the compacted {@code podbench.sessions} topic: the whole
 * current state of a session, republished on every change, so the latest record per key (session id)
 * is the session.
 *
 * @param sessionId      the session (required)
 * @param repositoryId   its repository (required)
 * @param repositoryName the repository's display name
 * @param branch         the worktree's branch (required)
 * @param baseRef        the ref a new branch was created from (e.g. {@code origin/main}); absent for an existing branch
 * @param state          lifecycle state (required)
 * @param owner          the user who owns the session (required)
 * @param pod            the workspace pod (or local workspace directory name) hosting it, once placed
 * @param runtime        the workspace runtime, {@code kubernetes} or {@code local}
 * @param worktreePath   the worktree's path inside the pod
 * @param failureReason  why it failed, when {@code state} is {@code failed}
 * @param createdAt      when it was created (required)
 * @param updatedAt      when this snapshot was taken (required)
 * @param endedAt        when it ended or failed
 * @param cloneUrl       the repository's clone URL (never with credentials: session-service refuses those), so a
 *                       service can ask the Git host about the session's branch; absent in snapshots from before it
 * @param startSteps     how far its start got, step by step, once it began (absent from producers before it existed)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record SessionSnapshot(
        String sessionId,
        String repositoryId,
        String repositoryName,
        String branch,
        String baseRef,
        SessionState state,
        String owner,
        String pod,
        String runtime,
        String worktreePath,
        String failureReason,
        Instant createdAt,
        Instant updatedAt,
        Instant endedAt,
        String cloneUrl,
        List<StartStepTime> startSteps) implements EventPayload {

    public SessionSnapshot {
        startSteps = startSteps == null ? null : List.copyOf(startSteps);
        Require.nonBlank(sessionId, "sessionId");
        Require.nonNull(repositoryId, "repositoryId");
        Require.nonNull(branch, "branch");
        Require.nonNull(state, "state");
        Require.nonNull(owner, "owner");
        Require.nonNull(createdAt, "createdAt");
        Require.nonNull(updatedAt, "updatedAt");
    }

    /** A snapshot without a clone URL and start steps (as every snapshot was before those fields existed). */
    public SessionSnapshot(String sessionId, String repositoryId, String repositoryName, String branch, String baseRef,
            SessionState state, String owner, String pod, String runtime, String worktreePath, String failureReason,
            Instant createdAt, Instant updatedAt, Instant endedAt) {
        this(sessionId, repositoryId, repositoryName, branch, baseRef, state, owner, pod, runtime, worktreePath,
                failureReason, createdAt, updatedAt, endedAt, null, null);
    }

    /**
     * This snapshot in another state, everything else unchanged: what a consumer holds when an end event
     * overtook the final snapshot (the two topics are not ordered with each other).
     */
    public SessionSnapshot withState(SessionState newState) {
        return newState == state ? this
                : new SessionSnapshot(sessionId, repositoryId, repositoryName, branch, baseRef, newState, owner, pod,
                        runtime, worktreePath, failureReason, createdAt, updatedAt, endedAt, cloneUrl, startSteps);
    }
}
