package dev.podbench.session.sessions;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.podbench.events.session.SessionEndReason;
import dev.podbench.events.session.SessionState;
import dev.podbench.events.session.StartStepTime;

/**
 * A session as the API shows it (DESIGN.md), plus why it failed or ended and how far its start got. {@code costUsd}
 * is a decimal string, as in the events, filled from cost-service's running totals.
 */
public record SessionView(UUID id, UUID repositoryId, String branch, String baseRef, SessionState state, String owner,
        String pod, String worktreePath, Instant createdAt, Instant startedAt, Instant endedAt, String costUsd,
        @JsonInclude(JsonInclude.Include.NON_NULL) String failureReason,
        @JsonInclude(JsonInclude.Include.NON_NULL) SessionEndReason endReason,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<StartStepTime> startSteps) {

    public static SessionView of(Session s) {
        return new SessionView(s.id, s.repositoryId, s.branch, s.baseRef, s.state, s.owner, s.pod, s.worktreePath,
                s.createdAt, s.startedAt, s.endedAt, s.costUsd == null ? null : s.costUsd.toPlainString(),
                s.failureReason, s.endReason, s.startSteps());
    }
}
