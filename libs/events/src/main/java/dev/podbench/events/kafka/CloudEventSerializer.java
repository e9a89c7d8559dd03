package dev.podbench.events.kafka;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

import dev.podbench.events.CloudEvent;
import dev.podbench.events.EventJson;
import dev.podbench.events.InvalidEventException;

/**
 * Kafka value serializer writing a {@link CloudEvent} in structured JSON mode. A null event becomes a
 * null value (a tombstone). It deliberately adds no {@code content-type} header: SmallRye's Kafka
 * connector would then try to parse the value itself as a structured CloudEvent.
 *
 * <pre>
 * mp.messaging.outgoing.sessions.value.serializer=dev.podbench.events.kafka.CloudEventSerializer
 * </pre>
 */
public class CloudEventSerializer implements Serializer<CloudEvent<?>> {

    public CloudEventSerializer() {
    }

    @Override
    public byte[] serialize(String topic, CloudEvent<?> event) {
        if (event == null) {
            return null;
        }
        try {
            return EventJson.encode(event);
        } catch (InvalidEventException e) {
            throw new SerializationException("cannot serialize CloudEvent for topic " + topic + ": " + e.getMessage(), e);
        }
    }
}
