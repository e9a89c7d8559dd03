package dev.podbench.testkit;

import dev.podbench.embedded.KafkaBroker;
import dev.podbench.embedded.QuietLogging;
import dev.podbench.events.Topics;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real Kafka broker for {@code @QuarkusTest}s: one per test JVM (started on first use, stopped by a shutdown
 * hook) with every topic of the event contract ({@link Topics#all()}) created.
 *
 * <p>Returns {@code kafka.bootstrap.servers} (what the SmallRye Kafka connector and the Kafka client extension
 * read) and {@code quarkus.kafka.devservices.enabled=false}.
 *
 * <p>Tests talk to the broker with {@link #send}, {@link TestConsumer} or any Kafka client on
 * {@link #bootstrapServers()}.
 */
public class KafkaTestResource implements QuarkusTestResourceLifecycleManager {

    private static final String BOOTSTRAP_KEY = "podbench-testkit.kafka.bootstrap-servers";
    private static KafkaProducer<String, String> producer;

    @Override
    public Map<String, String> start() {
        return Map.of(
                "kafka.bootstrap.servers", bootstrapServers(),
                "quarkus.kafka.devservices.enabled", "false");
    }

    @Override
    public void stop() {
        // the broker lives as long as the JVM
    }

    /** {@code 127.0.0.1:PORT} of this JVM's broker, starting it (and creating the contract topics) if needed. */
    public static String bootstrapServers() {
        return JvmShared.get(BOOTSTRAP_KEY, () -> {
            QuietLogging.apply();
            KafkaBroker broker = KafkaBroker.start(null, 0, 0); // closed by its own shutdown hook
            broker.createTopics(Topics.all().stream()
                    .map(t -> KafkaBroker.TopicSpec.of(t.name(), t.compacted())).toList());
            return broker.bootstrapServers();
        });
    }

    /** Creates a topic (no-op if it exists) for tests that need more than the contract topics. */
    public static void createTopic(String name, int partitions, boolean compacted) {
        KafkaBroker.createTopics(bootstrapServers(), List.of(new KafkaBroker.TopicSpec(name, partitions, compacted)));
    }

    /** Produces a record with string key and value and waits for the broker's acknowledgement. */
    public static RecordMetadata send(String topic, String key, String value) {
        return send(new ProducerRecord<>(topic, key, value));
    }

    /** Produces a record (headers allowed) and waits for the broker's acknowledgement. */
    public static RecordMetadata send(ProducerRecord<String, String> record) {
        try {
            return producer().send(record).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (Exception e) {
            throw new IllegalStateException("could not send to " + record.topic(), e);
        }
    }

    private static synchronized KafkaProducer<String, String> producer() {
        if (producer == null) {
            KafkaProducer<String, String> p = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                    ProducerConfig.ACKS_CONFIG, "all",
                    ProducerConfig.LINGER_MS_CONFIG, 0,
                    ProducerConfig.CLIENT_ID_CONFIG, "podbench-testkit-producer"),
                    new StringSerializer(), new StringSerializer());
            Runtime.getRuntime().addShutdownHook(new Thread(() -> p.close(Duration.ofSeconds(1)), "testkit-producer-close"));
            producer = p;
        }
        return producer;
    }
}
