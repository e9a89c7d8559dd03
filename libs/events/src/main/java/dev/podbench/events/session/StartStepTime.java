package dev.podbench.events.session;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

import dev.podbench.events.Require;

/**
 * One step of a session's start as far as it got: a step without {@code finishedAt} is the one running while the
 * session is {@code starting}, or the one that failed when it is {@code failed}.
 *
 * @param step       which step (required)
 * @param startedAt  when it began (required)
 * @param finishedAt when it was done
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record StartStepTime(StartStep step, Instant startedAt, Instant finishedAt) {

    public StartStepTime {
        Require.nonNull(step, "step");
        Require.nonNull(startedAt, "startedAt");
    }
}
