package dev.podbench.events;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * A CloudEvents 1.0 event in structured JSON mode: the attributes and the {@code data} in one JSON
 * object, written as the Kafka record value. The Kafka key is the {@link #subject() subject}: the
 * session id.
 *
 * <p>Known event types carry their payload record as {@code data} (see {@link EventType}); an event
 * whose type this version of the library does not know is decoded with a
 * {@link com.fasterxml.jackson.databind.JsonNode} as data, so a consumer can skip it.
 *
 * @param specversion     always {@code "1.0"}
 * @param id              unique per event; consumers are idempotent on it (required)
 * @param source          the producing service, as a URI reference: {@code /podbench/<service>} (required)
 * @param type            e.g. {@code dev.podbench.session.snapshot.v1} (required)
 * @param subject         the session id (also the Kafka key)
 * @param time            when the event happened (RFC 3339 in JSON)
 * @param datacontenttype {@code application/json}
 * @param dataschema      optional URI of the data schema (not set by Podbench producers today)
 * @param data            the payload
 * @param <T>             the payload type
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({ "specversion", "id", "source", "type", "subject", "time", "datacontenttype", "dataschema", "data" })
public record CloudEvent<T>(
        String specversion,
        String id,
        String source,
        String type,
        String subject,
        Instant time,
        String datacontenttype,
        String dataschema,
        T data) {

    public static final String SPEC_VERSION = "1.0";
    public static final String JSON_CONTENT_TYPE = "application/json";

    public CloudEvent {
        Require.nonBlank(specversion, "specversion");
        Require.nonBlank(id, "id");
        Require.nonBlank(source, "source");
        Require.nonBlank(type, "type");
    }

    /**
     * A new event of a contract type: random UUID id, spec version 1.0, time now, JSON content type.
     *
     * @param type    the event type; {@code data} must be its payload record
     * @param source  the producing service, e.g. {@code /podbench/session-service}
     * @param subject the session id (the Kafka key); must equal the payload's {@code sessionId}
     * @param data    the payload
     */
    public static <T> CloudEvent<T> of(EventType type, String source, String subject, T data) {
        Objects.requireNonNull(type, "type is required");
        Require.nonNull(data, "data");
        if (!type.payloadType().isInstance(data)) {
            throw new IllegalArgumentException(type.type() + " carries " + type.payloadType().getSimpleName()
                    + ", not " + data.getClass().getName());
        }
        Require.nonBlank(subject, "subject");
        String sessionId = ((EventPayload) data).sessionId();
        if (!subject.equals(sessionId)) {
            throw new IllegalArgumentException("subject '" + subject + "' must be the payload's sessionId '"
                    + sessionId + "'");
        }
        return new CloudEvent<>(SPEC_VERSION, UUID.randomUUID().toString(), source, type.type(), subject,
                Instant.now(), JSON_CONTENT_TYPE, null, data);
    }

    /** A new event for a contract payload: type from the payload's class, subject from its sessionId. */
    public static <T extends EventPayload> CloudEvent<T> of(String source, T data) {
        Require.nonNull(data, "data");
        return of(EventType.forPayload(data.getClass()), source, data.sessionId(), data);
    }

    /** The contract type of this event, empty when this version of the library does not know it. */
    public Optional<EventType> eventType() {
        return EventType.fromType(type);
    }

    /** Whether this event is of {@code eventType}. */
    public boolean is(EventType eventType) {
        return eventType.type().equals(type);
    }

    /** The Kafka record key for this event: the subject (session id). */
    public String key() {
        return subject;
    }

    /**
     * The data as {@code dataType}: the payload itself when it already is one, otherwise (a
     * {@code JsonNode} or {@code Map} from an unknown type or a foreign deserializer) converted with
     * {@link EventJson#mapper()}. Returns null when there is no data.
     *
     * @throws IllegalArgumentException if the data is another payload type or does not fit {@code dataType}
     */
    public <D> D dataAs(Class<D> dataType) {
        if (data == null) {
            return null;
        }
        if (dataType.isInstance(data)) {
            return dataType.cast(data);
        }
        if (data instanceof EventPayload) {
            throw new IllegalArgumentException("event " + id + " (" + type + ") carries "
                    + data.getClass().getSimpleName() + ", not " + dataType.getSimpleName());
        }
        return EventJson.mapper().convertValue(data, dataType);
    }

    /** This event with another id (e.g. a deterministic one derived from an outbox row). */
    public CloudEvent<T> withId(String newId) {
        return new CloudEvent<>(specversion, newId, source, type, subject, time, datacontenttype, dataschema, data);
    }

    /** This event with another time. */
    public CloudEvent<T> withTime(Instant newTime) {
        return new CloudEvent<>(specversion, id, source, type, subject, newTime, datacontenttype, dataschema, data);
    }
}
