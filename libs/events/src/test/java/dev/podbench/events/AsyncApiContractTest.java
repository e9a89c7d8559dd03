package dev.podbench.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.yaml.snakeyaml.Yaml;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The AsyncAPI document shipped in the jar and the code must describe the same contract: adding an event
 * type, a topic, a payload field, a required field or an enum value on one side only fails the build.
 */
class AsyncApiContractTest {

    static final String RESOURCE = "META-INF/asyncapi/podbench-events.yaml";

    static Map<String, Object> doc;

    @BeforeAll
    static void load() throws Exception {
        try (InputStream in = AsyncApiContractTest.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            assertThat(in).as(RESOURCE + " on the classpath").isNotNull();
            doc = new Yaml().load(in);
        }
    }

    @Test
    void isAnAsyncApi3DocumentForKafka() {
        assertThat(doc.get("asyncapi")).isEqualTo("3.0.0");
        assertThat(map(doc, "info").get("version")).isEqualTo("1.0.0");
        assertThat(map(doc, "info").get("description").toString()).contains("Versioning policy", ".v1",
                "additive only", "decimal string");
        assertThat(map(doc, "servers").values()).isNotEmpty()
                .allSatisfy(server -> assertThat(((Map<?, ?>) server).get("protocol")).isEqualTo("kafka"));
    }

    @Test
    void declaredEventTypesAreExactlyTheOnesInCode() {
        Set<String> declared = messages().values().stream().map(m -> (String) m.get("name"))
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> inCode = Arrays.stream(EventType.values()).map(EventType::type)
                .collect(Collectors.toCollection(TreeSet::new));

        assertThat(declared).isEqualTo(inCode);
    }

    @Test
    void eachMessagePinsItsCloudEventTypeAndUsesTheEnvelope() {
        messages().forEach((key, message) -> {
            List<Map<String, Object>> allOf = list(map(message, "payload"), "allOf");
            assertThat(allOf.get(0).get("$ref")).as(key).isEqualTo("#/components/schemas/CloudEventEnvelope");
            Map<String, Object> type = map(map(allOf.get(1), "properties"), "type");
            assertThat(type.get("const")).as(key).isEqualTo(message.get("name"));
            assertThat(list(allOf.get(1), "required")).as(key).contains("subject", "data");
            assertThat(list(message, "traits")).as(key)
                    .containsExactly(Map.of("$ref", "#/components/messageTraits/CloudEvent"));
        });
        Map<String, Object> trait = map(map(doc, "components"), "messageTraits", "CloudEvent");
        assertThat(map(trait, "bindings", "kafka", "key").get("$ref")).isEqualTo("#/components/schemas/SessionId");
    }

    @Test
    void everyTopicIsAChannelWithItsCleanupPolicy() {
        Map<String, Map<String, Object>> byAddress = new HashMap<>();
        channels().values().forEach(channel -> byAddress.put((String) channel.get("address"), channel));

        assertThat(byAddress.keySet()).containsExactlyInAnyOrderElementsOf(
                Topics.all().stream().map(Topics.TopicDefinition::name).toList());
        for (Topics.TopicDefinition topic : Topics.all()) {
            Map<String, Object> kafka = map(byAddress.get(topic.name()), "bindings", "kafka");
            assertThat(kafka.get("topic")).isEqualTo(topic.name());
            assertThat(list(map(kafka, "topicConfiguration"), "cleanup.policy")).as(topic.name())
                    .containsExactly(topic.compacted() ? "compact" : "delete");
        }
    }

    @Test
    void everyEventTypeIsOnTheChannelOfItsTopic() {
        Map<String, String> topicOfType = new HashMap<>();
        channels().forEach((name, channel) -> map(channel, "messages").values().forEach(ref -> {
            Map<String, Object> message = resolve(ref);
            assertThat(topicOfType.put((String) message.get("name"), (String) channel.get("address")))
                    .as("%s declared on one channel only", message.get("name")).isNull();
        }));

        for (EventType type : EventType.values()) {
            assertThat(topicOfType.get(type.type())).as(type.type()).isEqualTo(type.topic());
        }
    }

    @Test
    void operationsSendAndReceiveEveryMessageOfTheirChannel() {
        Map<String, Set<String>> sent = new HashMap<>();
        Map<String, Set<String>> received = new HashMap<>();
        map(doc, "operations").forEach((name, value) -> {
            Map<String, Object> operation = cast(value);
            String channelRef = (String) map(operation, "channel").get("$ref");
            assertThat(channelRef).as(name).startsWith("#/channels/");
            Map<String, Object> channel = resolve(map(operation, "channel"));
            var target = switch ((String) operation.get("action")) {
                case "send" -> sent;
                case "receive" -> received;
                default -> throw new AssertionError(name + ": action must be send or receive");
            };
            for (Object ref : list(operation, "messages")) {
                String messageRef = (String) ((Map<?, ?>) ref).get("$ref");
                assertThat(messageRef).as(name + " references a message of its own channel")
                        .startsWith(channelRef + "/messages/");
                target.computeIfAbsent((String) channel.get("address"), k -> new HashSet<>())
                        .add((String) resolve(resolve(ref)).get("name"));
            }
        });

        for (EventType type : EventType.values()) {
            assertThat(sent.get(type.topic())).as("someone sends " + type).contains(type.type());
            assertThat(received.get(type.topic())).as("someone receives " + type).contains(type.type());
        }
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void payloadSchemaMatchesTheRecord(EventType type) throws Exception {
        Map<String, Object> schema = dataSchema(type);
        Map<String, Object> properties = map(schema, "properties");
        RecordComponent[] components = type.payloadType().getRecordComponents();

        assertThat(properties.keySet()).as(type + " properties")
                .containsExactlyElementsOf(Arrays.stream(components).map(RecordComponent::getName).toList());
        assertThat(schema.get("type")).isEqualTo("object");

        for (RecordComponent component : components) {
            Map<String, Object> property = cast(properties.get(component.getName()));
            assertTypeMatches(type + "." + component.getName(), component, property);
        }
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void requiredFieldsAreTheOnesTheRecordEnforces(EventType type) throws Exception {
        Set<String> documented = new TreeSet<>(list(dataSchema(type), "required").stream().map(String.class::cast)
                .toList());

        Set<String> enforced = new TreeSet<>();
        Object sample = EventSamples.all().get(type);
        RecordComponent[] components = type.payloadType().getRecordComponents();
        Constructor<?> canonical = type.payloadType().getDeclaredConstructor(
                Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new));
        for (int i = 0; i < components.length; i++) {
            if (components[i].getType().isPrimitive()) {
                enforced.add(components[i].getName()); // always written
                continue;
            }
            Object[] args = new Object[components.length];
            for (int j = 0; j < components.length; j++) {
                args[j] = j == i ? null : components[j].getAccessor().invoke(sample);
            }
            try {
                canonical.newInstance(args);
            } catch (InvocationTargetException e) {
                assertThat(e.getCause()).isInstanceOf(NullPointerException.class)
                        .hasMessage(components[i].getName() + " is required");
                enforced.add(components[i].getName());
            }
        }

        assertThat(enforced).as(type + " required").isEqualTo(documented);
    }

    @Test
    void documentedExamplesDecodeToTheirPayloadRecords() throws Exception {
        int examples = 0;
        for (Map<String, Object> message : messages().values()) {
            Object list = message.get("examples");
            if (list == null) {
                continue;
            }
            EventType type = EventType.fromType((String) message.get("name")).orElseThrow();
            for (Object example : (List<?>) list) {
                Object payload = ((Map<?, ?>) example).get("payload");
                CloudEvent<?> event = EventJson.decode(EventJson.mapper().writeValueAsBytes(payload));
                assertThat(event.data()).as(type + " example").isInstanceOf(type.payloadType());
                assertThat(event.subject()).isEqualTo(((EventPayload) event.data()).sessionId());
                // through text, so that YAML Integers and Java longs compare as the same JSON numbers
                JsonNode written = EventJson.mapper().readTree(EventJson.encode(event));
                JsonNode documented = EventJson.mapper().readTree(EventJson.mapper().writeValueAsBytes(payload));
                assertThat(written).as(type + " example re-encodes identically").isEqualTo(documented);
                examples++;
            }
        }
        assertThat(examples).isPositive();
    }

    private static void assertTypeMatches(String what, RecordComponent component, Map<String, Object> property) {
        if (component.getType() == List.class) {
            assertThat(property.get("type")).as(what).isEqualTo("array");
            Class<?> element = (Class<?>) ((ParameterizedType) component.getGenericType()).getActualTypeArguments()[0];
            assertTypeMatches(what + "[]", element, map(property, "items"));
        } else {
            assertTypeMatches(what, component.getType(), property);
        }
    }

    private static void assertTypeMatches(String what, Class<?> javaType, Map<String, Object> property) {
        String ref = (String) property.get("$ref");
        Map<String, Object> resolved = ref == null ? property : resolve(property);
        if (javaType == String.class) {
            assertThat(resolved.get("type")).as(what).isEqualTo("string");
            if (what.endsWith(".sessionId")) {
                assertThat(ref).as(what).isEqualTo("#/components/schemas/SessionId");
            }
        } else if (javaType == Instant.class) {
            assertThat(resolved).as(what).containsEntry("type", "string").containsEntry("format", "date-time");
        } else if (javaType == BigDecimal.class) {
            assertThat(ref).as(what + " is a decimal string").isEqualTo("#/components/schemas/DecimalString");
            assertThat(resolved).containsEntry("type", "string");
        } else if (javaType == long.class) {
            assertThat(resolved).as(what).containsEntry("type", "integer").containsEntry("format", "int64");
        } else if (javaType.isEnum()) {
            assertThat(ref).as(what).isEqualTo("#/components/schemas/" + javaType.getSimpleName());
            List<String> wireValues = Arrays.stream(javaType.getEnumConstants())
                    .map(c -> ((WireEnum) c).value()).toList();
            assertThat(resolved.get("type")).as(what).isEqualTo("string");
            assertThat(list(resolved, "enum")).as(what + " enum values").containsExactlyElementsOf(wireValues);
        } else if (javaType.isRecord()) {
            assertThat(ref).as(what).isEqualTo("#/components/schemas/" + javaType.getSimpleName());
            assertThat(resolved.get("type")).as(what).isEqualTo("object");
            Map<String, Object> properties = map(resolved, "properties");
            RecordComponent[] components = javaType.getRecordComponents();
            assertThat(properties.keySet()).as(what + " properties")
                    .containsExactlyElementsOf(Arrays.stream(components).map(RecordComponent::getName).toList());
            for (RecordComponent component : components) {
                assertTypeMatches(what + "." + component.getName(), component,
                        cast(properties.get(component.getName())));
            }
        } else {
            throw new AssertionError(what + ": no schema mapping for " + javaType);
        }
    }

    private static Map<String, Object> dataSchema(EventType type) {
        Map<String, Object> message = messages().values().stream()
                .filter(m -> type.type().equals(m.get("name"))).findFirst()
                .orElseThrow(() -> new AssertionError(type + " is not documented"));
        List<Map<String, Object>> allOf = list(map(message, "payload"), "allOf");
        return resolve(map(allOf.get(1), "properties", "data"));
    }

    private static Map<String, Map<String, Object>> messages() {
        return cast(map(doc, "components", "messages"));
    }

    private static Map<String, Map<String, Object>> channels() {
        return cast(map(doc, "channels"));
    }

    /** Follows a local {@code $ref} ({@code #/a/b/c}). */
    private static Map<String, Object> resolve(Object refHolder) {
        String ref = (String) ((Map<?, ?>) refHolder).get("$ref");
        assertThat(ref).as("a local $ref").startsWith("#/");
        Object node = doc;
        for (String part : ref.substring(2).split("/")) {
            node = ((Map<?, ?>) node).get(part);
            assertThat(node).as("$ref " + ref + " resolves").isNotNull();
        }
        return cast(node);
    }

    private static Map<String, Object> map(Map<String, Object> node, String... path) {
        Object current = node;
        for (String key : path) {
            assertThat(current).as("parent of " + key).isInstanceOf(Map.class);
            current = ((Map<?, ?>) current).get(key);
            assertThat(current).as(key).isNotNull();
        }
        return cast(current);
    }

    private static <T> List<T> list(Map<String, Object> node, String key) {
        Object value = node.get(key);
        assertThat(value).as(key).isInstanceOf(List.class);
        return cast(value);
    }

    @SuppressWarnings("unchecked")
    private static <T> T cast(Object value) {
        return (T) value;
    }
}
