package dev.podbench.events.session;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

import dev.podbench.events.EventPayload;
import dev.podbench.events.Require;

/**
 * {@code dev.podbench.session.idle-warning.v1}: the session has been idle and will be ended by the idle
 * policy at {@code endsAt} unless activity ({@code session.activity.v1}) happens before.
 *
 * @param sessionId    the session (required)
 * @param repositoryId its repository (required)
 * @param owner        its owner (required)
 * @param idleSince    the last activity seen (required)
 * @param endsAt       when it will be ended if still idle (required)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record SessionIdleWarning(
        String sessionId,
        String repositoryId,
        String owner,
        Instant idleSince,
        Instant endsAt) implements EventPayload {

    public SessionIdleWarning {
        Require.nonBlank(sessionId, "sessionId");
        Require.nonNull(repositoryId, "repositoryId");
        Require.nonNull(owner, "owner");
        Require.nonNull(idleSince, "idleSince");
        Require.nonNull(endsAt, "endsAt");
    }
}
