package dev.podbench.events.session;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

import dev.podbench.events.EventPayload;
import dev.podbench.events.Require;

/**
 * {@code dev.podbench.session.ended.v1}: the session ended (state {@code ended}); its terminals and agent
 * are gone.
 *
 * @param sessionId    the session (required)
 * @param repositoryId its repository (required)
 * @param owner        its owner (required)
 * @param reason       who or what ended it (required)
 * @param endedAt      when (required)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record SessionEnded(
        String sessionId,
        String repositoryId,
        String owner,
        SessionEndReason reason,
        Instant endedAt) implements EventPayload {

    public SessionEnded {
        Require.nonBlank(sessionId, "sessionId");
        Require.nonNull(repositoryId, "repositoryId");
        Require.nonNull(owner, "owner");
        Require.nonNull(reason, "reason");
        Require.nonNull(endedAt, "endedAt");
    }
}
