package dev.podbench.events;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import dev.podbench.events.cost.BudgetExceeded;
import dev.podbench.events.cost.BudgetLiftReason;
import dev.podbench.events.cost.BudgetLifted;
import dev.podbench.events.cost.BudgetLimit;
import dev.podbench.events.cost.BudgetPeriod;
import dev.podbench.events.cost.BudgetScope;
import dev.podbench.events.cost.BudgetWarning;
import dev.podbench.events.cost.SessionCostTotal;
import dev.podbench.events.pullrequest.ChecksStatus;
import dev.podbench.events.pullrequest.GitProvider;
import dev.podbench.events.pullrequest.PullRequestDetected;
import dev.podbench.events.pullrequest.PullRequestState;
import dev.podbench.events.pullrequest.PullRequestUpdated;
import dev.podbench.events.pullrequest.ReviewStatus;
import dev.podbench.events.session.SessionActivity;
import dev.podbench.events.session.SessionCreated;
import dev.podbench.events.session.SessionEndReason;
import dev.podbench.events.session.SessionEnded;
import dev.podbench.events.session.SessionFailed;
import dev.podbench.events.session.SessionIdleWarning;
import dev.podbench.events.session.SessionSnapshot;
import dev.podbench.events.session.StartStep;
import dev.podbench.events.session.StartStepTime;
import dev.podbench.events.session.SessionStarted;
import dev.podbench.events.session.SessionState;
import dev.podbench.events.usage.UsageRecorded;
import dev.podbench.events.usage.UsageSource;

/** One payload per event type, with every field set. */
public final class EventSamples {

    public static final String SESSION = "0b9d3c1e-5b0e-4e0f-9a57-3f1c9b1d2e10";
    public static final String REPO = "7e0f3a52-1c4d-4c6b-8b0e-3d2f1a0b9c88";
    public static final Instant T0 = Instant.parse("2025-01-31T09:15:00.123456Z");
    public static final Instant T1 = Instant.parse("2025-01-31T09:45:00Z");

    public static Map<EventType, EventPayload> all() {
        Map<EventType, EventPayload> samples = new EnumMap<>(EventType.class);
        samples.put(EventType.SESSION_SNAPSHOT, new SessionSnapshot(SESSION, REPO, "acme-app", "podbench/fix-login",
                "origin/main", SessionState.FAILED, "alice", "podbench-repo-acme-app-0", "kubernetes",
                "/workspace/worktrees/" + SESSION, "clone failed", T0, T1, T1, "https://github.com/acme/app.git",
                List.of(new StartStepTime(StartStep.POD, T0, T0), new StartStepTime(StartStep.FETCH, T0, null))));
        samples.put(EventType.SESSION_CREATED, new SessionCreated(SESSION, REPO, "acme-app", "alice",
                "podbench/fix-login", "origin/main", T0));
        samples.put(EventType.SESSION_STARTED, new SessionStarted(SESSION, REPO, "alice", "podbench/fix-login",
                "podbench-repo-acme-app-0", "local", "/home/alice/.podbench/worktrees/" + SESSION, T0));
        samples.put(EventType.SESSION_IDLE_WARNING, new SessionIdleWarning(SESSION, REPO, "alice", T0, T1));
        samples.put(EventType.SESSION_ENDED, new SessionEnded(SESSION, REPO, "alice", SessionEndReason.IDLE, T1));
        samples.put(EventType.SESSION_FAILED, new SessionFailed(SESSION, REPO, "alice", "pod capacity exhausted", T1));
        samples.put(EventType.SESSION_ACTIVITY, new SessionActivity(SESSION, Surface.TERMINAL, T0));
        samples.put(EventType.USAGE_RECORDED, new UsageRecorded(SESSION, UsageSource.SESSION, REPO, "alice",
                "claude-sonnet-4-5", new BigDecimal("0.012345"), 1200, 350, 18000, 4096,
                "9a0b1c2d-3e4f-5a6b-7c8d-9e0f1a2b3c4d", T0));
        samples.put(EventType.PULL_REQUEST_DETECTED, new PullRequestDetected(SESSION,
                "https://gitlab.example.com/platform/tools/app/-/merge_requests/42", GitProvider.GITLAB,
                "gitlab.example.com", "platform/tools", "app", 42, Surface.CHAT, T0));
        samples.put(EventType.PULL_REQUEST_UPDATED, new PullRequestUpdated(SESSION,
                "https://github.com/acme/app/pull/7", "Fix login", PullRequestState.DRAFT, ChecksStatus.PENDING,
                ReviewStatus.CHANGES_REQUESTED, T1));
        samples.put(EventType.COST_SESSION_TOTAL, new SessionCostTotal(SESSION, REPO, "alice",
                new BigDecimal("12.300000"), 17, T1));
        samples.put(EventType.COST_BUDGET_WARNING, new BudgetWarning(SESSION,
                new BudgetLimit("5b7c0e7e-2f43-4d0c-9a43-5d3d0f5e8a10", BudgetScope.USER, "alice", BudgetPeriod.MONTH,
                        Instant.parse("2025-01-01T00:00:00Z"), new BigDecimal("50.00")),
                new BigDecimal("40.125"), 80, T1));
        samples.put(EventType.COST_BUDGET_EXCEEDED, new BudgetExceeded(SESSION,
                new BudgetLimit("5b7c0e7e-2f43-4d0c-9a43-5d3d0f5e8a10", BudgetScope.SESSION, SESSION,
                        BudgetPeriod.TOTAL, Instant.EPOCH, new BigDecimal("5")),
                new BigDecimal("5.0125"), T1));
        samples.put(EventType.COST_BUDGET_LIFTED, new BudgetLifted(SESSION,
                new BudgetLimit("5b7c0e7e-2f43-4d0c-9a43-5d3d0f5e8a10", BudgetScope.SESSION, SESSION,
                        BudgetPeriod.TOTAL, Instant.EPOCH, new BigDecimal("10")),
                new BigDecimal("5.0125"), BudgetLiftReason.RAISED, T1));
        return samples;
    }

    private EventSamples() {
    }
}
