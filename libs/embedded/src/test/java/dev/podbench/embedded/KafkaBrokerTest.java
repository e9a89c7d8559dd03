package dev.podbench.embedded;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KafkaBrokerTest {

    @BeforeAll
    static void quiet() {
        QuietLogging.apply();
    }

    @Test
    void createsTopicsAndCarriesRecords() throws Exception {
        Path logDir;
        long t0 = System.nanoTime();
        try (KafkaBroker kafka = KafkaBroker.start(null, 0, 0)) {
            System.out.printf("kafka (temporary) started in %d ms%n", (System.nanoTime() - t0) / 1_000_000);
            logDir = kafka.logDirectory();
            assertTrue(kafka.bootstrapServers().startsWith("127.0.0.1:"));
            List<KafkaBroker.TopicSpec> topics = List.of(
                    KafkaBroker.TopicSpec.of("snapshots", true),
                    new KafkaBroker.TopicSpec("events", 3, false));
            kafka.createTopics(topics);
            kafka.createTopics(topics); // idempotent

            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
                Map<ConfigResource, Config> configs = admin.describeConfigs(List.of(
                        new ConfigResource(ConfigResource.Type.TOPIC, "snapshots"),
                        new ConfigResource(ConfigResource.Type.TOPIC, "events"))).all().get(10, TimeUnit.SECONDS);
                assertEquals("compact", configs.get(new ConfigResource(ConfigResource.Type.TOPIC, "snapshots")).get("cleanup.policy").value());
                assertEquals("delete", configs.get(new ConfigResource(ConfigResource.Type.TOPIC, "events")).get("cleanup.policy").value());
                assertEquals(3, admin.describeTopics(List.of("events")).allTopicNames().get().get("events").partitions().size());
            }

            produce(kafka, "events", "s1", "hello");
            assertEquals(List.of("hello"), consumeAll(kafka, "events", 1));
        }
        assertFalse(Files.exists(logDir), "temporary log directory deleted");
    }

    @Test
    void persistentLogDirectoryKeepsRecordsAcrossRestarts(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("kafka");
        String clusterId;
        try (KafkaBroker kafka = KafkaBroker.start(dir, 0, 0)) {
            clusterId = kafka.clusterId();
            kafka.createTopics(List.of(KafkaBroker.TopicSpec.of("kept", true)));
            produce(kafka, "kept", "k", "survives");
        }
        assertTrue(Files.readString(dir.resolve("meta.properties")).contains("cluster.id=" + clusterId));

        long t0 = System.nanoTime();
        // other ports this time: the static quorum is not persisted
        try (KafkaBroker kafka = KafkaBroker.start(dir, 0, 0)) {
            System.out.printf("kafka (existing dir) restarted in %d ms%n", (System.nanoTime() - t0) / 1_000_000);
            assertEquals(clusterId, kafka.clusterId());
            kafka.createTopics(List.of(KafkaBroker.TopicSpec.of("kept", true)));
            assertEquals(List.of("survives"), consumeAll(kafka, "kept", 1));
        }
    }

    static void produce(KafkaBroker kafka, String topic, String key, String value) throws Exception {
        try (KafkaProducer<String, String> p = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer())) {
            p.send(new ProducerRecord<>(topic, key, value)).get(10, TimeUnit.SECONDS);
        }
    }

    static List<String> consumeAll(KafkaBroker kafka, String topic, int expected) {
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "test-" + System.nanoTime(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
            c.subscribe(List.of(topic));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (values.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(200))) {
                    values.add(r.value());
                }
            }
        }
        return values;
    }
}
