package dev.podbench.session.sessions;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import dev.podbench.events.session.SessionEndReason;
import dev.podbench.events.session.SessionState;
import dev.podbench.events.session.StartStep;
import dev.podbench.events.session.StartStepTime;

/** One worktree in a repository's pod, owned by one user. */
@Entity
@Table(name = "session")
public class Session {

    @Id
    public UUID id;

    @Column(name = "repository_id")
    public UUID repositoryId;

    public String owner;

    public String branch;

    /** The ref a new branch was created from; null when the session took an existing branch. */
    @Column(name = "base_ref")
    public String baseRef;

    @Convert(converter = StateColumn.class)
    public SessionState state;

    @Column(name = "failure_reason")
    public String failureReason;

    @Column(name = "end_reason")
    @Convert(converter = EndReasonColumn.class)
    public SessionEndReason endReason;

    public String pod;

    @Column(name = "worktree_path")
    public String worktreePath;

    @Column(name = "cost_usd")
    public BigDecimal costUsd;

    @Column(name = "cost_updated_at")
    public Instant costUpdatedAt;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "started_at")
    public Instant startedAt;

    @Column(name = "ended_at")
    public Instant endedAt;

    @Column(name = "last_activity_at")
    public Instant lastActivityAt;

    @Column(name = "idle_warned_at")
    public Instant idleWarnedAt;

    @Column(name = "pod_step_at")
    public Instant podStepAt;

    @Column(name = "fetch_step_at")
    public Instant fetchStepAt;

    @Column(name = "worktree_step_at")
    public Instant worktreeStepAt;

    /** Records that {@code step} of the start began {@code at}. */
    void beginStep(StartStep step, Instant at) {
        switch (step) {
            case POD -> podStepAt = at;
            case FETCH -> fetchStepAt = at;
            case WORKTREE -> worktreeStepAt = at;
        }
    }

    /**
     * The start's steps begun so far, in order: each ends where the next begins, the last when the session became
     * active; the one left open is running (or failed).
     */
    List<StartStepTime> startSteps() {
        List<StartStepTime> steps = new ArrayList<>();
        Instant[] begun = { podStepAt, fetchStepAt, worktreeStepAt };
        StartStep[] names = StartStep.values();
        for (int i = 0; i < begun.length && begun[i] != null; i++) {
            steps.add(new StartStepTime(names[i], begun[i], i + 1 < begun.length ? begun[i + 1] : startedAt));
        }
        return steps;
    }
}
