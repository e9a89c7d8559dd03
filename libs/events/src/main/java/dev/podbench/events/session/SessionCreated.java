package dev.podbench.events.session;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

import dev.podbench.events.EventPayload;
import dev.podbench.events.Require;

/**
 * {@code dev.podbench.session.created.v1}: a session was requested and accepted (state {@code starting}).
 *
 * @param sessionId      the session (required)
 * @param repositoryId   its repository (required)
 * @param repositoryName the repository's display name
 * @param owner          the user who created it (required)
 * @param branch         the branch it works on (required)
 * @param baseRef        the ref a new branch is created from; absent when an existing branch was named
 * @param createdAt      when (required)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record SessionCreated(
        String sessionId,
        String repositoryId,
        String repositoryName,
        String owner,
        String branch,
        String baseRef,
        Instant createdAt) implements EventPayload {

    public SessionCreated {
        Require.nonBlank(sessionId, "sessionId");
        Require.nonNull(repositoryId, "repositoryId");
        Require.nonNull(owner, "owner");
        Require.nonNull(branch, "branch");
        Require.nonNull(createdAt, "createdAt");
    }
}
