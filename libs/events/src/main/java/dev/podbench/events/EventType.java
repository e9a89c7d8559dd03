package dev.podbench.events;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.podbench.events.cost.BudgetExceeded;
import dev.podbench.events.cost.BudgetLifted;
import dev.podbench.events.cost.BudgetWarning;
import dev.podbench.events.cost.SessionCostTotal;
import dev.podbench.events.pullrequest.PullRequestDetected;
import dev.podbench.events.pullrequest.PullRequestUpdated;
import dev.podbench.events.session.SessionActivity;
import dev.podbench.events.session.SessionCreated;
import dev.podbench.events.session.SessionEnded;
import dev.podbench.events.session.SessionFailed;
import dev.podbench.events.session.SessionIdleWarning;
import dev.podbench.events.session.SessionSnapshot;
import dev.podbench.events.session.SessionStarted;
import dev.podbench.events.usage.UsageRecorded;

/**
 * Every event of the contract: its CloudEvents {@code type} string, its payload record and its topic.
 * Adding a constant here without documenting it in {@code META-INF/asyncapi/podbench-events.yaml}
 * fails the build (AsyncApiContractTest).
 */
public enum EventType {

    SESSION_SNAPSHOT("dev.podbench.session.snapshot.v1", Topics.SESSIONS, SessionSnapshot.class),

    SESSION_CREATED("dev.podbench.session.created.v1", Topics.SESSION_EVENTS, SessionCreated.class),
    SESSION_STARTED("dev.podbench.session.started.v1", Topics.SESSION_EVENTS, SessionStarted.class),
    SESSION_IDLE_WARNING("dev.podbench.session.idle-warning.v1", Topics.SESSION_EVENTS, SessionIdleWarning.class),
    SESSION_ENDED("dev.podbench.session.ended.v1", Topics.SESSION_EVENTS, SessionEnded.class),
    SESSION_FAILED("dev.podbench.session.failed.v1", Topics.SESSION_EVENTS, SessionFailed.class),
    SESSION_ACTIVITY("dev.podbench.session.activity.v1", Topics.SESSION_EVENTS, SessionActivity.class),

    USAGE_RECORDED("dev.podbench.usage.recorded.v1", Topics.USAGE, UsageRecorded.class),

    PULL_REQUEST_DETECTED("dev.podbench.pull-request.detected.v1", Topics.PULL_REQUESTS, PullRequestDetected.class),
    PULL_REQUEST_UPDATED("dev.podbench.pull-request.updated.v1", Topics.PULL_REQUESTS, PullRequestUpdated.class),

    COST_SESSION_TOTAL("dev.podbench.cost.session-total.v1", Topics.COSTS, SessionCostTotal.class),
    COST_BUDGET_WARNING("dev.podbench.cost.budget-warning.v1", Topics.COSTS, BudgetWarning.class),
    COST_BUDGET_EXCEEDED("dev.podbench.cost.budget-exceeded.v1", Topics.COSTS, BudgetExceeded.class),
    COST_BUDGET_LIFTED("dev.podbench.cost.budget-lifted.v1", Topics.COSTS, BudgetLifted.class);

    private static final Map<String, EventType> BY_TYPE = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(EventType::type, Function.identity()));
    private static final Map<Class<?>, EventType> BY_PAYLOAD = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(EventType::payloadType, Function.identity()));

    private final String type;
    private final String topic;
    private final Class<? extends EventPayload> payloadType;

    EventType(String type, String topic, Class<? extends EventPayload> payloadType) {
        this.type = type;
        this.topic = topic;
        this.payloadType = payloadType;
    }

    /** The CloudEvents {@code type} attribute, e.g. {@code dev.podbench.session.snapshot.v1}. */
    public String type() {
        return type;
    }

    /** The Kafka topic events of this type are published to. */
    public String topic() {
        return topic;
    }

    /** The record the {@code data} attribute binds to. */
    public Class<? extends EventPayload> payloadType() {
        return payloadType;
    }

    /** The event type with this CloudEvents {@code type} string, if this version of the contract knows it. */
    public static Optional<EventType> fromType(String type) {
        return Optional.ofNullable(type).map(BY_TYPE::get);
    }

    /** The event type whose payload is {@code payloadType}; IllegalArgumentException for a non-contract class. */
    public static EventType forPayload(Class<?> payloadType) {
        EventType eventType = BY_PAYLOAD.get(payloadType);
        if (eventType == null) {
            throw new IllegalArgumentException(payloadType.getName() + " is not a Podbench event payload");
        }
        return eventType;
    }

    /** The event types published to {@code topic} (empty for a topic outside the contract). */
    public static List<EventType> onTopic(String topic) {
        return Arrays.stream(values()).filter(t -> t.topic.equals(topic)).toList();
    }

    @Override
    public String toString() {
        return type;
    }
}
