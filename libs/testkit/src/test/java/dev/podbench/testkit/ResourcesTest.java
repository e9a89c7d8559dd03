package dev.podbench.testkit;

import dev.podbench.events.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The resources' returned configuration, used directly (no Quarkus). */
class ResourcesTest {

    @Test
    void postgresConfigConnectsToAFreshDatabasePerStart() throws Exception {
        PostgresTestResource resource = new PostgresTestResource();
        Map<String, String> first = resource.start();
        Map<String, String> second = new PostgresTestResource().start();
        assertEquals(Set.of("quarkus.datasource.username", "quarkus.datasource.password", "quarkus.datasource.jdbc.url",
                "quarkus.datasource.reactive.url", "quarkus.datasource.devservices.enabled"), first.keySet());
        assertEquals("false", first.get("quarkus.datasource.devservices.enabled"));
        assertNotEquals(first.get("quarkus.datasource.jdbc.url"), second.get("quarkus.datasource.jdbc.url"));
        assertEquals(first.get("quarkus.datasource.jdbc.url"), "jdbc:" + first.get("quarkus.datasource.reactive.url"));

        try (Connection c = Jdbc.connect(first.get("quarkus.datasource.jdbc.url"),
                first.get("quarkus.datasource.username"), first.get("quarkus.datasource.password"));
             Statement st = c.createStatement()) {
            st.execute("CREATE TABLE t (id int)");
            try (ResultSet rs = st.executeQuery("SELECT current_database()")) {
                assertTrue(rs.next());
                assertEquals(resource.database(), rs.getString(1));
            }
        }
        try (Connection c = Jdbc.connect(second.get("quarkus.datasource.jdbc.url"),
                second.get("quarkus.datasource.username"), second.get("quarkus.datasource.password"));
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM information_schema.tables WHERE table_name = 't'")) {
            assertTrue(rs.next());
            assertEquals(0, rs.getInt(1), "the second database is empty");
        }
        assertEquals(PostgresTestResource.port(), PostgresTestResource.port(), "one server per JVM");
    }

    @Test
    void kafkaConfigReachesABrokerWithTheContractTopics() throws Exception {
        Map<String, String> config = new KafkaTestResource().start();
        assertEquals("false", config.get("quarkus.kafka.devservices.enabled"));
        String bootstrap = config.get("kafka.bootstrap.servers");
        assertEquals(KafkaTestResource.bootstrapServers(), bootstrap);

        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            Set<String> names = admin.listTopics().names().get(10, TimeUnit.SECONDS);
            assertTrue(names.containsAll(Topics.all().stream().map(Topics.TopicDefinition::name).collect(Collectors.toSet())), names::toString);
            ConfigResource sessions = new ConfigResource(ConfigResource.Type.TOPIC, Topics.SESSIONS);
            assertEquals("compact", admin.describeConfigs(List.of(sessions)).all().get(10, TimeUnit.SECONDS)
                    .get(sessions).get("cleanup.policy").value());
        }

        KafkaTestResource.send(Topics.USAGE, "before", "old");
        try (TestConsumer usage = TestConsumer.fromEnd(Topics.USAGE);
             TestConsumer all = TestConsumer.fromBeginning(Topics.USAGE)) {
            KafkaTestResource.send(Topics.USAGE, "s-1", "{\"n\":1}");
            KafkaTestResource.send(Topics.USAGE, "s-2", "{\"n\":2}");
            ConsumerRecord<String, String> r = usage.awaitRecord(rec -> "s-2".equals(rec.key()));
            assertEquals("{\"n\":2}", r.value());
            assertEquals(List.of("{\"n\":1}", "{\"n\":2}"), usage.awaitRecords(2).stream().map(ConsumerRecord::value).toList());
            assertTrue(all.awaitRecords(3).stream().anyMatch(rec -> "before".equals(rec.key())));
            usage.clear();
            assertEquals(0, usage.count());
        }

        KafkaTestResource.createTopic("testkit.extra", 2, false);
        try (TestConsumer extra = TestConsumer.fromEnd("testkit.extra")) {
            KafkaTestResource.send("testkit.extra", "k", "v");
            assertEquals(List.of("v"), extra.awaitRecords(1).stream().map(ConsumerRecord::value).toList());
        }
    }

    @Test
    void tokenConfigCarriesThePublicKeyOfTestTokens() {
        Map<String, String> config = new TokenTestResource().start();
        assertEquals(Map.of(
                "quarkus.oidc.public-key", TokenTestResource.tokens().publicKeyBase64(),
                "quarkus.oidc.token.issuer", "podbench-local",
                "quarkus.oidc.tenant-enabled", "true"), config);
        assertEquals(config, new TokenTestResource().start(), "one key pair per JVM");
        assertEquals(3, TestTokens.bearer("alice").split("\\.").length);
        assertFalse(TestTokens.admin("root").equals(TestTokens.admin("root")), "unique jti");
    }
}
