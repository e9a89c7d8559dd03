package dev.podbench.cost.kafka;

import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.concurrent.Future;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.podbench.events.CloudEvent;
import dev.podbench.events.EventJson;

/**
 * The one Kafka producer of cost-service: session totals and budget alerts on {@code podbench.costs}, rejected
 * usage records on the dead-letter topic. Callers wait for the acks (or {@link #flush()}) before they commit
 * the usage offsets, so nothing is lost between the ledger and Kafka.
 */
@ApplicationScoped
public class CostEventsProducer {

    public static final String SOURCE = "/podbench/cost-service";

    private final KafkaProducer<byte[], byte[]> producer;

    public CostEventsProducer(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        // the ingest waits for each batch's totals to be acknowledged before it commits: no lingering
        props.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "cost-service");
        this.producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** Publishes a contract event on its type's topic, keyed by its session id. */
    public Future<RecordMetadata> publish(CloudEvent<?> event) {
        String topic = event.eventType().orElseThrow().topic();
        return producer.send(new ProducerRecord<>(topic, utf8(event.key()), EventJson.encode(event)));
    }

    /** Sends raw bytes (a dead-lettered record as it came) with headers. */
    public Future<RecordMetadata> sendRaw(String topic, byte[] key, byte[] value, Headers headers) {
        return producer.send(new ProducerRecord<>(topic, null, key, value, headers));
    }

    /** Blocks until every record sent so far is acknowledged (or failed). Never on an event loop. */
    public void flush() {
        producer.flush();
    }

    @PreDestroy
    void close() {
        producer.close();
    }

    private static byte[] utf8(String value) {
        return value == null ? null : value.getBytes(StandardCharsets.UTF_8);
    }
}
