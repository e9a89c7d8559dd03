package dev.podbench.events.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.podbench.events.CloudEvent;
import dev.podbench.events.EventJson;
import dev.podbench.events.EventPayload;
import dev.podbench.events.EventSamples;
import dev.podbench.events.EventType;
import dev.podbench.events.Surface;
import dev.podbench.events.Topics;
import dev.podbench.events.cost.SessionCostTotal;
import dev.podbench.events.pullrequest.PullRequestUpdated;
import dev.podbench.events.pullrequest.ReviewStatus;
import dev.podbench.events.session.SessionActivity;
import dev.podbench.events.session.SessionSnapshot;
import dev.podbench.events.session.SessionState;
import dev.podbench.events.usage.UsageRecorded;
import dev.podbench.events.usage.UsageSource;

class CloudEventSerdeTest {

    private final CloudEventSerializer serializer = new CloudEventSerializer();
    private final CloudEventDeserializer deserializer = new CloudEventDeserializer();

    @Test
    void samplesCoverEveryEventType() {
        assertThat(EventSamples.all().keySet()).containsExactlyInAnyOrder(EventType.values());
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void everyEventTypeRoundTripsThroughTheKafkaSerde(EventType type) {
        EventPayload payload = EventSamples.all().get(type);
        CloudEvent<EventPayload> event = CloudEvent.of("/podbench/test", payload);

        byte[] bytes = serializer.serialize(type.topic(), event);
        CloudEvent<?> read = deserializer.deserialize(type.topic(), bytes);

        assertThat(read).isEqualTo(event);
        assertThat(read.data()).isInstanceOf(type.payloadType()).isEqualTo(payload);
        assertThat(read.eventType()).contains(type);
        assertThat(read.key()).isEqualTo(EventSamples.SESSION);
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void everyEventTypeRoundTripsThroughTheSerdeWithHeaders(EventType type) {
        CloudEvent<EventPayload> event = CloudEvent.of("/podbench/test", EventSamples.all().get(type));
        var headers = new RecordHeaders();
        try (var serde = new CloudEventSerde()) {
            byte[] bytes = serde.serializer().serialize(type.topic(), headers, event);
            assertThat(serde.deserializer().deserialize(type.topic(), headers, bytes)).isEqualTo(event);
        }
        assertThat(headers.toArray()).as("no content-type / ce_ headers (SmallRye would re-parse)").isEmpty();
    }

    @Test
    void writesCloudEventsStructuredModeAttributeNames() throws Exception {
        var snapshot = (SessionSnapshot) EventSamples.all().get(EventType.SESSION_SNAPSHOT);
        CloudEvent<SessionSnapshot> event = CloudEvent.of(EventType.SESSION_SNAPSHOT, "/podbench/session-service",
                snapshot.sessionId(), snapshot).withTime(Instant.parse("2025-01-31T09:15:02.125Z"));

        JsonNode json = EventJson.mapper().readTree(serializer.serialize(Topics.SESSIONS, event));

        assertThat(fieldNames(json)).containsExactly("specversion", "id", "source", "type", "subject", "time",
                "datacontenttype", "data");
        assertThat(json.get("specversion").asText()).isEqualTo("1.0");
        assertThat(json.get("id").asText()).isEqualTo(event.id()).hasSize(36);
        assertThat(json.get("source").asText()).isEqualTo("/podbench/session-service");
        assertThat(json.get("type").asText()).isEqualTo("dev.podbench.session.snapshot.v1");
        assertThat(json.get("subject").asText()).isEqualTo(EventSamples.SESSION);
        assertThat(json.get("time").asText()).isEqualTo("2025-01-31T09:15:02.125Z");
        assertThat(json.get("datacontenttype").asText()).isEqualTo("application/json");
        assertThat(fieldNames(json.get("data"))).containsExactly("sessionId", "repositoryId", "repositoryName",
                "branch", "baseRef", "state", "owner", "pod", "runtime", "worktreePath", "failureReason",
                "createdAt", "updatedAt", "endedAt", "cloneUrl", "startSteps");
        assertThat(json.get("data").get("state").asText()).isEqualTo("failed");
        assertThat(json.get("data").get("startSteps").get(1).get("step").asText()).isEqualTo("fetch");
        assertThat(json.get("data").get("startSteps").get(1).has("finishedAt")).isFalse();
        assertThat(json.get("data").get("createdAt").asText()).isEqualTo("2025-01-31T09:15:00.123456Z");
    }

    @Test
    void omitsNulls() {
        var snapshot = new SessionSnapshot("s1", "r1", null, "main", null, SessionState.STARTING, "bob", null, null,
                null, null, EventSamples.T0, EventSamples.T0, null);
        String json = new String(serializer.serialize(Topics.SESSIONS, CloudEvent.of("/podbench/test", snapshot)),
                StandardCharsets.UTF_8);

        assertThat(json).doesNotContain("null").doesNotContain("dataschema").doesNotContain("endedAt")
                .contains("\"state\":\"starting\"");
    }

    @Test
    void costIsADecimalStringLiterally() {
        var usage = new UsageRecorded("s1", UsageSource.TASK, null, null, null, new BigDecimal("0.012345"), 1, 2, 3,
                4, null, EventSamples.T0);
        String json = new String(serializer.serialize(Topics.USAGE, CloudEvent.of("/podbench/chat-gateway", usage)),
                StandardCharsets.UTF_8);

        assertThat(json).contains("\"costUsd\":\"0.012345\"").contains("\"source\":\"task\"")
                .contains("\"inputTokens\":1,\"outputTokens\":2,\"cacheReadTokens\":3,\"cacheCreationTokens\":4");
    }

    @Test
    void decimalStringsUsePlainNotationAndKeepTheirScale() {
        var total = new SessionCostTotal("s1", null, null, new BigDecimal("1E-7"), 1, EventSamples.T0);
        byte[] bytes = serializer.serialize(Topics.COSTS, CloudEvent.of("/podbench/cost-service", total));

        assertThat(new String(bytes, StandardCharsets.UTF_8)).contains("\"totalCostUsd\":\"0.0000001\"");
        assertThat(deserializer.deserialize(Topics.COSTS, bytes).dataAs(SessionCostTotal.class).totalCostUsd())
                .isEqualTo(new BigDecimal("0.0000001"));
    }

    @Test
    void readsADecimalWrittenAsAJsonNumberWithoutLosingPrecision() {
        String json = """
                {"specversion":"1.0","id":"e1","source":"/x","type":"dev.podbench.cost.session-total.v1",
                 "subject":"s1","data":{"sessionId":"s1","totalCostUsd":0.100000000000000000001,"turns":2,
                 "updatedAt":"2025-01-31T09:15:00Z"}}""";

        var total = deserializer.deserialize(Topics.COSTS, json.getBytes(StandardCharsets.UTF_8))
                .dataAs(SessionCostTotal.class);

        assertThat(total.totalCostUsd()).isEqualTo(new BigDecimal("0.100000000000000000001"));
    }

    @Test
    void enumsUseTheirLowercaseWireValues() {
        var update = (PullRequestUpdated) EventSamples.all().get(EventType.PULL_REQUEST_UPDATED);
        String json = new String(serializer.serialize(Topics.PULL_REQUESTS, CloudEvent.of("/podbench/pr-tracker",
                update)), StandardCharsets.UTF_8);

        assertThat(json).contains("\"state\":\"draft\"", "\"checks\":\"pending\"",
                "\"review\":\"changes_requested\"");
        assertThat(ReviewStatus.fromValue("review_required")).isEqualTo(ReviewStatus.REVIEW_REQUIRED);
    }

    @Test
    void unknownTypeIsReadWithJsonDataInsteadOfFailing() {
        String json = """
                {"specversion":"1.0","id":"e-42","source":"/podbench/future-service",
                 "type":"dev.podbench.session.teleported.v1","subject":"s1","time":"2025-01-31T10:15:00+01:00",
                 "datacontenttype":"application/json","data":{"sessionId":"s1","destination":"mars"}}""";

        CloudEvent<?> event = deserializer.deserialize(Topics.SESSION_EVENTS, json.getBytes(StandardCharsets.UTF_8));

        assertThat(event.eventType()).isEmpty();
        assertThat(event.type()).isEqualTo("dev.podbench.session.teleported.v1");
        assertThat(event.id()).isEqualTo("e-42");
        assertThat(event.subject()).isEqualTo("s1");
        assertThat(event.time()).isEqualTo(Instant.parse("2025-01-31T09:15:00Z"));
        assertThat(event.data()).isInstanceOf(JsonNode.class);
        assertThat(event.dataAs(JsonNode.class).get("destination").asText()).isEqualTo("mars");
    }

    @Test
    void unknownTypeRoundTripsItsJsonData() {
        String json = """
                {"specversion":"1.0","id":"e-43","source":"/x","type":"com.example.other.v1","subject":"s1",
                 "data":{"n":0.1,"list":[1,2]}}""";
        CloudEvent<?> event = deserializer.deserialize("t", json.getBytes(StandardCharsets.UTF_8));

        CloudEvent<?> again = deserializer.deserialize("t", serializer.serialize("t", event));

        assertThat(again).isEqualTo(event);
    }

    @Test
    void unknownFieldsAndAttributesAreIgnored() {
        String json = """
                {"specversion":"1.0","id":"e-7","source":"/podbench/terminal-gateway",
                 "type":"dev.podbench.session.activity.v1","subject":"s1","time":"2025-01-31T09:15:00Z",
                 "traceparent":"00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
                 "partitionkey":"s1",
                 "data":{"sessionId":"s1","source":"chat","at":"2025-01-31T09:15:00Z",
                         "addedInV1dot1":{"nested":true},"keystrokes":12}}""";

        CloudEvent<?> event = deserializer.deserialize(Topics.SESSION_EVENTS, json.getBytes(StandardCharsets.UTF_8));

        assertThat(event.data()).isEqualTo(new SessionActivity("s1", Surface.CHAT, Instant.parse("2025-01-31T09:15:00Z")));
    }

    @Test
    void tombstonesStayNull() {
        assertThat(serializer.serialize(Topics.SESSIONS, null)).isNull();
        assertThat(deserializer.deserialize(Topics.SESSIONS, null)).isNull();
    }

    @Test
    void malformedRecordsFailWithSerializationException() {
        assertThatThrownBy(() -> deserializer.deserialize("t", "not json".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(SerializationException.class);
        assertThatThrownBy(() -> deserializer.deserialize("t", "[1,2]".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(SerializationException.class).hasMessageContaining("JSON object");
        assertThatThrownBy(() -> deserializer.deserialize("t",
                "{\"specversion\":\"1.0\",\"id\":\"e\",\"source\":\"/x\"}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(SerializationException.class).hasMessageContaining("type is required");
        assertThatThrownBy(() -> deserializer.deserialize("t",
                "{\"specversion\":\"1.0\",\"id\":\"e\",\"source\":\"/x\",\"type\":7}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(SerializationException.class).hasMessageContaining("must be a string");
    }

    @Test
    void knownTypeWithDataBreakingItsSchemaFails() {
        String missingRequired = """
                {"specversion":"1.0","id":"e-9","source":"/x","type":"dev.podbench.session.activity.v1",
                 "subject":"s1","data":{"sessionId":"s1","at":"2025-01-31T09:15:00Z"}}""";
        String unknownEnumValue = """
                {"specversion":"1.0","id":"e-10","source":"/x","type":"dev.podbench.session.activity.v1",
                 "subject":"s1","data":{"sessionId":"s1","source":"TERMINAL","at":"2025-01-31T09:15:00Z"}}""";
        String noData = """
                {"specversion":"1.0","id":"e-11","source":"/x","type":"dev.podbench.session.activity.v1"}""";

        assertThatThrownBy(() -> deserializer.deserialize("t", missingRequired.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(SerializationException.class).hasMessageContaining("e-9")
                .hasMessageContaining("source is required");
        assertThatThrownBy(() -> deserializer.deserialize("t", unknownEnumValue.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(SerializationException.class).hasMessageContaining("e-10");
        assertThatThrownBy(() -> deserializer.deserialize("t", noData.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(SerializationException.class).hasMessageContaining("no data");
    }

    @Test
    void serdeClassesHaveNoArgConstructorsForKafkaConfig() throws Exception {
        for (Class<?> type : List.of(CloudEventSerializer.class, CloudEventDeserializer.class, CloudEventSerde.class)) {
            assertThat(type.getConstructor().newInstance()).isNotNull();
        }
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        ((ObjectNode) node).fieldNames().forEachRemaining(names::add);
        return names;
    }
}
