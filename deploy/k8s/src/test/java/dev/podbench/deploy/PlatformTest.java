package dev.podbench.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;


import dev.podbench.events.Topics;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.kafka.listener.GenericKafkaListener;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.nodepool.ProcessRoles;
import io.strimzi.api.kafka.model.topic.KafkaTopic;

/** Kafka and PostgreSQL as resources: the topics of the event contract and a database and role per service. */
class PlatformTest {

    @ForEachInstallation
    void everyTopicOfTheEventContractHasAKafkaTopicAndNoOtherDoes(String installation) {
        RenderedManifests rendered = RenderedManifests.of(installation);
        Kafka kafka = rendered.all(Kafka.class).get(0);
        Map<String, KafkaTopic> topics = rendered.all(KafkaTopic.class).stream()
                .collect(Collectors.toMap(t -> t.getSpec().getTopicName(), t -> t));
        assertThat(topics.keySet()).containsExactlyInAnyOrderElementsOf(
                Topics.all().stream().map(Topics.TopicDefinition::name).toList());
        for (Topics.TopicDefinition definition : Topics.all()) {
            KafkaTopic topic = topics.get(definition.name());
            String name = installation + ": " + definition.name();
            assertThat(topic.getMetadata().getLabels()).as(name)
                    .containsEntry("strimzi.io/cluster", kafka.getMetadata().getName());
            assertThat(topic.getMetadata().getNamespace()).isEqualTo(kafka.getMetadata().getNamespace());
            assertThat(topic.getSpec().getPartitions()).as(name).isPositive();
            Map<String, Object> config = topic.getSpec().getConfig();
            assertThat(config.get("cleanup.policy")).as(name).isEqualTo(definition.compacted() ? "compact" : "delete");
            if (!definition.compacted()) {
                assertThat(config).as(name + " retention").containsKey("retention.ms");
            }
        }
    }

    @ForEachInstallation
    void kafkaRunsInKraftModeWithEnoughNodesForItsReplicationSettings(String installation) {
        RenderedManifests rendered = RenderedManifests.of(installation);
        assertThat(rendered.all(Kafka.class)).hasSize(1);
        Kafka kafka = rendered.all(Kafka.class).get(0);
        List<KafkaNodePool> pools = rendered.all(KafkaNodePool.class);
        assertThat(pools).allSatisfy(pool -> assertThat(pool.getMetadata().getLabels())
                .containsEntry("strimzi.io/cluster", kafka.getMetadata().getName()));
        int brokers = pools.stream().filter(p -> p.getSpec().getRoles().contains(ProcessRoles.BROKER))
                .mapToInt(p -> p.getSpec().getReplicas()).sum();
        int controllers = pools.stream().filter(p -> p.getSpec().getRoles().contains(ProcessRoles.CONTROLLER))
                .mapToInt(p -> p.getSpec().getReplicas()).sum();
        assertThat(controllers).as("KRaft controllers (an odd number)").isOdd();
        assertThat(brokers).isPositive();

        Map<String, Object> config = kafka.getSpec().getKafka().getConfig();
        assertThat(number(config.get("default.replication.factor"))).isLessThanOrEqualTo(brokers);
        assertThat(number(config.get("offsets.topic.replication.factor"))).isLessThanOrEqualTo(brokers);
        assertThat(config.get("auto.create.topics.enable")).as("topics come from KafkaTopic resources only")
                .isEqualTo(false);
        for (KafkaTopic topic : rendered.all(KafkaTopic.class)) {
            int replicas = topic.getSpec().getReplicas();
            assertThat(replicas).as(topic.getSpec().getTopicName()).isBetween(1, brokers);
            assertThat(number(topic.getSpec().getConfig().get("min.insync.replicas")))
                    .as(topic.getSpec().getTopicName() + " min.insync.replicas")
                    .isBetween(1, Math.max(1, replicas - 1));
        }

        String bootstrap = rendered.get(io.fabric8.kubernetes.api.model.ConfigMap.class, "podbench",
                "podbench-platform").getData().get("KAFKA_BOOTSTRAP_SERVERS");
        GenericKafkaListener listener = kafka.getSpec().getKafka().getListeners().get(0);
        assertThat(bootstrap).isEqualTo(kafka.getMetadata().getName() + "-kafka-bootstrap:" + listener.getPort());
        assertThat(listener.getNetworkPolicyPeers()).as("the listener's own network policy").isNotEmpty();
    }

    @ForEachInstallation
    void everyServiceDatabaseHasADatabaseOwnedByARoleOfItsOwnWhoseSecretTheServiceLogsInWith(String installation) {
        RenderedManifests rendered = RenderedManifests.of(installation);
        List<GenericKubernetesResource> clusters = rendered.generic("Cluster");
        assertThat(clusters).hasSize(1);
        GenericKubernetesResource cluster = clusters.get(0);
        String clusterName = cluster.getMetadata().getName();
        assertThat((Boolean) cluster.get("spec", "enableSuperuserAccess")).as("no superuser access").isFalse();
        List<Map<String, Object>> roles = cluster.get("spec", "managed", "roles");
        Map<String, String> passwordSecretByRole = roles.stream().collect(Collectors.toMap(
                r -> (String) r.get("name"), r -> (String) ((Map<?, ?>) r.get("passwordSecret")).get("name")));
        roles.forEach(r -> assertThat(r.get("superuser")).as("role " + r.get("name")).isNotEqualTo(true));

        Map<String, GenericKubernetesResource> databases = rendered.generic("Database").stream()
                .collect(Collectors.toMap(d -> (String) d.get("spec", "name"), d -> d));
        Set<String> owners = new HashSet<>();
        int servicesWithDatabase = 0;
        for (Deployment d : rendered.all(Deployment.class)) {
            String service = d.getMetadata().getName();
            Map<String, EnvVar> env = WiringTest.container(d).getEnv().stream()
                    .collect(Collectors.toMap(EnvVar::getName, e -> e));
            boolean usesDatabase = ServiceSources.readsVariable(service, "PODBENCH_DB_JDBC_URL");
            if (service.equals("web-ui")) {
                assertThat(env).as("web-ui has no database").doesNotContainKeys("PODBENCH_DB_JDBC_URL",
                        "PODBENCH_DB_USERNAME");
                continue;
            }
            assertThat(usesDatabase).as(service + " reads PODBENCH_DB_JDBC_URL").isTrue();
            servicesWithDatabase++;
            URI jdbc = URI.create(env.get("PODBENCH_DB_JDBC_URL").getValue().substring("jdbc:".length()));
            URI reactive = URI.create(env.get("PODBENCH_DB_REACTIVE_URL").getValue());
            assertThat(jdbc.getHost()).as(service).isEqualTo(clusterName + "-rw");
            assertThat(reactive.getHost()).isEqualTo(jdbc.getHost());
            assertThat(reactive.getPath()).isEqualTo(jdbc.getPath());
            String databaseName = jdbc.getPath().substring(1);

            GenericKubernetesResource database = databases.get(databaseName);
            assertThat(database).as(installation + ": a Database for " + service + "'s " + databaseName).isNotNull();
            assertThat((String) database.get("spec", "cluster", "name")).isEqualTo(clusterName);
            String owner = database.get("spec", "owner");
            assertThat(owners.add(owner)).as("a role per service, " + owner + " owns two databases").isTrue();

            String userSecret = env.get("PODBENCH_DB_USERNAME").getValueFrom().getSecretKeyRef().getName();
            assertThat(env.get("PODBENCH_DB_PASSWORD").getValueFrom().getSecretKeyRef().getName())
                    .isEqualTo(userSecret);
            assertThat(passwordSecretByRole).as(service + ": the owner is a managed role whose password is the "
                    + "service's secret").containsEntry(owner, userSecret);
            rendered.find(Secret.class, "podbench", userSecret).ifPresent(secret -> {
                assertThat(secret.getType()).isEqualTo("kubernetes.io/basic-auth");
                assertThat(decoded(secret, "username")).as(userSecret + " username").isEqualTo(owner);
            });
        }
        assertThat(servicesWithDatabase).isEqualTo(5);
        assertThat(databases).hasSize(5);
    }

    private static int number(Object value) {
        return Integer.parseInt(String.valueOf(value));
    }

    private static String decoded(Secret secret, String key) {
        if (secret.getStringData() != null && secret.getStringData().containsKey(key)) {
            return secret.getStringData().get(key);
        }
        return new String(java.util.Base64.getDecoder().decode(secret.getData().get(key)));
    }
}
