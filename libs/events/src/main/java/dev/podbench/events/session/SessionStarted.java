package dev.podbench.events.session;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

import dev.podbench.events.EventPayload;
import dev.podbench.events.Require;

/**
 * {@code dev.podbench.session.started.v1}: the session's worktree is ready in its pod (state {@code active});
 * terminals and the chat agent may attach.
 *
 * @param sessionId    the session (required)
 * @param repositoryId its repository (required)
 * @param owner        its owner (required)
 * @param branch       the worktree's branch
 * @param pod          the workspace pod (or local workspace) hosting it
 * @param runtime      {@code kubernetes} or {@code local}
 * @param worktreePath the worktree's path inside the pod
 * @param startedAt    when it became active (required)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record SessionStarted(
        String sessionId,
        String repositoryId,
        String owner,
        String branch,
        String pod,
        String runtime,
        String worktreePath,
        Instant startedAt) implements EventPayload {

    public SessionStarted {
        Require.nonBlank(sessionId, "sessionId");
        Require.nonNull(repositoryId, "repositoryId");
        Require.nonNull(owner, "owner");
        Require.nonNull(startedAt, "startedAt");
    }
}
