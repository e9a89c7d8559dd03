package dev.podbench.events.kafka;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

import dev.podbench.events.CloudEvent;
import dev.podbench.events.EventJson;
import dev.podbench.events.InvalidEventException;

/**
 * Kafka value deserializer reading a structured-mode JSON {@link CloudEvent}. The {@code type} attribute
 * picks the payload record ({@link dev.podbench.events.EventType}); an unknown type yields an event whose
 * data is a {@link com.fasterxml.jackson.databind.JsonNode}, so consumers can skip it. A null value (a
 * tombstone) yields null. Anything else that is not a valid event throws {@link SerializationException}.
 *
 * <pre>
 * mp.messaging.incoming.sessions.value.deserializer=dev.podbench.events.kafka.CloudEventDeserializer
 * </pre>
 */
public class CloudEventDeserializer implements Deserializer<CloudEvent<?>> {

    public CloudEventDeserializer() {
    }

    @Override
    public CloudEvent<?> deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        try {
            return EventJson.decode(data);
        } catch (InvalidEventException e) {
            throw new SerializationException("invalid CloudEvent on topic " + topic + ": " + e.getMessage(), e);
        }
    }
}
