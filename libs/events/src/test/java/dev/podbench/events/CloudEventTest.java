package dev.podbench.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.podbench.events.session.SessionActivity;
import dev.podbench.events.session.SessionEndReason;
import dev.podbench.events.session.SessionEnded;
import dev.podbench.events.session.SessionState;

class CloudEventTest {

    private final SessionActivity activity = new SessionActivity("s1", Surface.TERMINAL, EventSamples.T0);

    @Test
    void ofFillsTheEnvelope() {
        Instant before = Instant.now();
        CloudEvent<SessionActivity> event = CloudEvent.of(EventType.SESSION_ACTIVITY, "/podbench/terminal-gateway",
                "s1", activity);

        assertThat(event.specversion()).isEqualTo("1.0");
        assertThat(UUID.fromString(event.id())).isNotNull();
        assertThat(event.source()).isEqualTo("/podbench/terminal-gateway");
        assertThat(event.type()).isEqualTo("dev.podbench.session.activity.v1");
        assertThat(event.subject()).isEqualTo("s1").isEqualTo(event.key());
        assertThat(event.time()).isBetween(before, Instant.now().plus(Duration.ofSeconds(1)));
        assertThat(event.datacontenttype()).isEqualTo("application/json");
        assertThat(event.dataschema()).isNull();
        assertThat(event.data()).isSameAs(activity);
        assertThat(event.is(EventType.SESSION_ACTIVITY)).isTrue();
        assertThat(event.is(EventType.SESSION_ENDED)).isFalse();
    }

    @Test
    void everyEventGetsItsOwnId() {
        assertThat(CloudEvent.of("/x", activity).id()).isNotEqualTo(CloudEvent.of("/x", activity).id());
    }

    @Test
    void ofInfersTypeAndSubjectFromThePayload() {
        var ended = new SessionEnded("s9", "r1", "alice", SessionEndReason.USER, EventSamples.T1);

        CloudEvent<SessionEnded> event = CloudEvent.of("/podbench/session-service", ended);

        assertThat(event.eventType()).contains(EventType.SESSION_ENDED);
        assertThat(event.subject()).isEqualTo("s9");
    }

    @Test
    void ofRejectsAPayloadOfAnotherType() {
        assertThatThrownBy(() -> CloudEvent.of(EventType.SESSION_ENDED, "/x", "s1", activity))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("SessionEnded");
    }

    @Test
    void ofRejectsASubjectThatIsNotTheSessionId() {
        assertThatThrownBy(() -> CloudEvent.of(EventType.SESSION_ACTIVITY, "/x", "other", activity))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sessionId");
    }

    @Test
    void requiredAttributesAreEnforced() {
        assertThatThrownBy(() -> new CloudEvent<>("1.0", "id", null, "t", null, null, null, null, null))
                .hasMessageContaining("source is required");
        assertThatThrownBy(() -> new CloudEvent<>("1.0", " ", "/x", "t", null, null, null, null, null))
                .hasMessageContaining("id must not be blank");
        assertThatThrownBy(() -> CloudEvent.of("/x", (SessionActivity) null)).hasMessageContaining("data is required");
    }

    @Test
    void dataAsCastsOrConverts() {
        CloudEvent<SessionActivity> typed = CloudEvent.of("/x", activity);
        assertThat(typed.dataAs(SessionActivity.class)).isSameAs(activity);
        assertThat(typed.dataAs(EventPayload.class)).isSameAs(activity);
        assertThatThrownBy(() -> typed.dataAs(SessionEnded.class)).isInstanceOf(IllegalArgumentException.class);

        JsonNode tree = EventJson.mapper().valueToTree(activity);
        var untyped = new CloudEvent<>("1.0", "e", "/x", EventType.SESSION_ACTIVITY.type(), "s1", null, null, null,
                tree);
        assertThat(untyped.dataAs(SessionActivity.class)).isEqualTo(activity);

        var fromMap = new CloudEvent<>("1.0", "e", "/x", "t", "s1", null, null, null,
                Map.of("sessionId", "s1", "source", "chat", "at", "2025-01-31T09:15:00Z"));
        assertThat(fromMap.dataAs(SessionActivity.class).source()).isEqualTo(Surface.CHAT);

        assertThat(new CloudEvent<>("1.0", "e", "/x", "t", null, null, null, null, null).dataAs(String.class)).isNull();
    }

    @Test
    void withIdAndWithTimeKeepEverythingElse() {
        CloudEvent<SessionActivity> event = CloudEvent.of("/x", activity);

        CloudEvent<SessionActivity> copy = event.withId("outbox-17").withTime(EventSamples.T1);

        assertThat(copy.id()).isEqualTo("outbox-17");
        assertThat(copy.time()).isEqualTo(EventSamples.T1);
        assertThat(copy.withId(event.id()).withTime(event.time())).isEqualTo(event);
    }

    @Test
    void encodeAndDecodeAsText() {
        CloudEvent<SessionActivity> event = CloudEvent.of("/x", activity);

        assertThat(EventJson.decode(EventJson.encodeToString(event))).isEqualTo(event);
        assertThatThrownBy(() -> EventJson.decode("{")).isInstanceOf(InvalidEventException.class);
    }

    @Test
    void sessionStateKnowsItsFinalStates() {
        assertThat(SessionState.ENDED.isFinal()).isTrue();
        assertThat(SessionState.FAILED.isFinal()).isTrue();
        assertThat(SessionState.ACTIVE.isFinal()).isFalse();
        assertThatThrownBy(() -> SessionState.fromValue("ACTIVE")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("starting, active, ending, ended, failed");
    }
}
