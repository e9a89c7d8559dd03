package dev.podbench.events.kafka;

import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

import dev.podbench.events.CloudEvent;

/** {@link CloudEventSerializer} and {@link CloudEventDeserializer} as one Serde (e.g. for Kafka Streams). */
public class CloudEventSerde implements Serde<CloudEvent<?>> {

    private final CloudEventSerializer serializer = new CloudEventSerializer();
    private final CloudEventDeserializer deserializer = new CloudEventDeserializer();

    public CloudEventSerde() {
    }

    @Override
    public Serializer<CloudEvent<?>> serializer() {
        return serializer;
    }

    @Override
    public Deserializer<CloudEvent<?>> deserializer() {
        return deserializer;
    }
}
