package dev.podbench.events;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The JSON mapping of the contract, and the encoding/decoding of CloudEvents that the Kafka serde
 * (and, e.g., a transactional outbox storing events as text) uses.
 *
 * <p>Mapping rules: nulls omitted; unknown properties ignored (forward compatibility); instants as
 * RFC 3339 strings ({@code 2025-01-31T09:15:00.123Z}); BigDecimal as a plain decimal <em>string</em>;
 * contract enums as their lowercase wire values.
 */
public final class EventJson {

    private static final ObjectMapper MAPPER = newMapper();

    /** The shared, configured mapper. Thread-safe; do not reconfigure it. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** A new mapper configured like {@link #mapper()}, for callers that want to customize their own copy. */
    public static ObjectMapper newMapper() {
        SimpleModule decimals = new SimpleModule("podbench-decimal-strings");
        decimals.addSerializer(BigDecimal.class, new DecimalStringSerializer());
        return JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .addModule(decimals)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .serializationInclusion(JsonInclude.Include.NON_NULL)
                .build();
    }

    /** The event as UTF-8 JSON (structured-mode CloudEvent). */
    public static byte[] encode(CloudEvent<?> event) {
        return write(event, MAPPER::writeValueAsBytes);
    }

    /** The event as a JSON string. */
    public static String encodeToString(CloudEvent<?> event) {
        return write(event, MAPPER::writeValueAsString);
    }

    /** Decodes a structured-mode CloudEvent; see {@link #decode(JsonNode)}. */
    public static CloudEvent<?> decode(byte[] json) {
        return decode(read(json, MAPPER::readTree));
    }

    /** Decodes a structured-mode CloudEvent; see {@link #decode(JsonNode)}. */
    public static CloudEvent<?> decode(String json) {
        return decode(read(json, MAPPER::readTree));
    }

    private interface Writer<R> {
        R write(Object value) throws JsonProcessingException;
    }

    private interface Reader<S> {
        JsonNode read(S source) throws IOException;
    }

    private static <R> R write(CloudEvent<?> event, Writer<R> writer) {
        try {
            return writer.write(event);
        } catch (JsonProcessingException e) {
            throw new InvalidEventException("cannot write event " + event.id() + " (" + event.type() + ")", e);
        }
    }

    private static <S> JsonNode read(S json, Reader<S> reader) {
        try {
            return reader.read(json);
        } catch (IOException e) {
            throw new InvalidEventException("not JSON: " + e.getMessage(), e);
        }
    }

    /**
     * Decodes a structured-mode CloudEvent. The {@code data} of a known {@code type} becomes its payload
     * record; the data of an unknown type stays a {@link JsonNode} (or is null).
     *
     * @throws InvalidEventException when it is not a JSON object with the required attributes, or a known
     *                               type's data does not match its schema
     */
    public static CloudEvent<?> decode(JsonNode tree) {
        if (tree == null || !tree.isObject()) {
            throw new InvalidEventException("a CloudEvent must be a JSON object");
        }
        String type = attribute(tree, "type");
        String id = attribute(tree, "id");
        Object data;
        JsonNode dataNode = tree.get("data");
        var eventType = EventType.fromType(type);
        if (eventType.isPresent()) {
            if (dataNode == null || dataNode.isNull()) {
                throw new InvalidEventException("event " + id + " (" + type + ") has no data");
            }
            try {
                data = MAPPER.treeToValue(dataNode, eventType.get().payloadType());
            } catch (JsonProcessingException | IllegalArgumentException e) {
                throw new InvalidEventException("event " + id + " (" + type + ") has invalid data: "
                        + rootMessage(e), e);
            }
        } else {
            data = dataNode == null || dataNode.isNull() ? tree.get("data_base64") : dataNode;
        }
        try {
            return new CloudEvent<>(attribute(tree, "specversion"), id, attribute(tree, "source"), type,
                    attribute(tree, "subject"), time(tree), attribute(tree, "datacontenttype"),
                    attribute(tree, "dataschema"), data);
        } catch (NullPointerException | IllegalArgumentException e) {
            throw new InvalidEventException("not a CloudEvent: " + e.getMessage(), e);
        }
    }

    private static String attribute(JsonNode tree, String name) {
        JsonNode node = tree.get(name);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw new InvalidEventException("CloudEvent attribute '" + name + "' must be a string, got " + node);
        }
        return node.textValue();
    }

    private static Instant time(JsonNode tree) {
        String time = attribute(tree, "time");
        if (time == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(time).toInstant();
        } catch (DateTimeParseException e) {
            throw new InvalidEventException("CloudEvent attribute 'time' is not RFC 3339: " + time, e);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage();
    }

    private EventJson() {
    }
}
