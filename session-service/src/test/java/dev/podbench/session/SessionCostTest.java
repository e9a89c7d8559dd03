package dev.podbench.session;

import static dev.podbench.session.Api.activeSession;
import static dev.podbench.session.Api.repository;
import static dev.podbench.session.Api.session;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

import dev.podbench.events.CloudEvent;
import dev.podbench.events.EventJson;
import dev.podbench.events.Topics;
import dev.podbench.events.cost.SessionCostTotal;
import dev.podbench.testkit.KafkaTestResource;
import dev.podbench.testkit.PostgresTestResource;
import dev.podbench.testkit.TokenTestResource;

/** {@code costUsd} follows cost-service's {@code cost.session-total.v1}: the latest total wins, replays change nothing. */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(TokenTestResource.class)
@QuarkusTestResource(WorkspaceTestResource.class)
class SessionCostTest {

    static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void costUsdFollowsTheLatestSessionTotalAndIgnoresStaleOnes() throws Exception {
        String repositoryId = repository("alice", "cost-" + UUID.randomUUID(), Git.origin().toString());
        String id = activeSession("alice", repositoryId, null);
        assertThat(session("alice", id).then().extract().<String>path("costUsd")).isNull();

        Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        total(id, repositoryId, "0.0125", 1, at);
        await().atMost(WAIT).until(() -> costUsd(id) != null && costUsd(id).compareTo(new BigDecimal("0.0125")) == 0);

        total(id, repositoryId, "0.0250", 2, at.plusSeconds(1));
        await().atMost(WAIT).until(() -> costUsd(id).compareTo(new BigDecimal("0.0250")) == 0);

        // a replay of the topic: an older total and a redelivery of the latest come again
        total(id, repositoryId, "0.0125", 1, at);
        RecordMetadata last = total(id, repositoryId, "0.0250", 2, at.plusSeconds(1));
        awaitConsumed(last);
        assertThat(costUsd(id)).isEqualByComparingTo("0.0250");
    }

    private static RecordMetadata total(String id, String repositoryId, String cost, long turns, Instant at) {
        return KafkaTestResource.send(Topics.COSTS, id, EventJson.encodeToString(CloudEvent.of("/podbench/cost-service",
                new SessionCostTotal(id, repositoryId, "alice", new BigDecimal(cost), turns, at))));
    }

    private static BigDecimal costUsd(String id) {
        String value = session("alice", id).then().statusCode(200).extract().path("costUsd");
        return value == null ? null : new BigDecimal(value);
    }

    /** Until session-service's group has committed past {@code record}: everything before it was applied. */
    private static void awaitConsumed(RecordMetadata record) throws Exception {
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaTestResource.bootstrapServers());
        try (Admin admin = Admin.create(config)) {
            TopicPartition partition = new TopicPartition(record.topic(), record.partition());
            await().atMost(WAIT).until(() -> {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets("session-service")
                        .partitionsToOffsetAndMetadata().get();
                OffsetAndMetadata offset = committed.get(partition);
                return offset != null && offset.offset() > record.offset();
            });
        }
    }
}
