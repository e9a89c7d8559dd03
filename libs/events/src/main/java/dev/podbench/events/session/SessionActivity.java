package dev.podbench.events.session;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

import dev.podbench.events.EventPayload;
import dev.podbench.events.Require;
import dev.podbench.events.Surface;

/**
 * {@code dev.podbench.session.activity.v1}: the user did something in the session (typed in a terminal,
 * sent a chat message). Producers throttle it (at most one per surface every few seconds); the idle
 * policy only needs the latest.
 *
 * @param sessionId the session (required)
 * @param source    where the activity happened (required)
 * @param at        when (required)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record SessionActivity(
        String sessionId,
        Surface source,
        Instant at) implements EventPayload {

    public SessionActivity {
        Require.nonBlank(sessionId, "sessionId");
        Require.nonNull(source, "source");
        Require.nonNull(at, "at");
    }
}
