package dev.podbench.events.session;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

import dev.podbench.events.EventPayload;
import dev.podbench.events.Require;

/**
 * {@code dev.podbench.session.failed.v1}: the session could not start, or broke (state {@code failed}).
 *
 * @param sessionId    the session (required)
 * @param repositoryId its repository (required)
 * @param owner        its owner (required)
 * @param reason       a human-readable explanation (required)
 * @param failedAt     when (required)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record SessionFailed(
        String sessionId,
        String repositoryId,
        String owner,
        String reason,
        Instant failedAt) implements EventPayload {

    public SessionFailed {
        Require.nonBlank(sessionId, "sessionId");
        Require.nonNull(repositoryId, "repositoryId");
        Require.nonNull(owner, "owner");
        Require.nonNull(reason, "reason");
        Require.nonNull(failedAt, "failedAt");
    }
}
