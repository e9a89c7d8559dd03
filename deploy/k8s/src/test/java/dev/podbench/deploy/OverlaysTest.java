package dev.podbench.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;

/** What sets the overlays apart (replicas, budgets, autoscaling, spreading) and the one entry point of them all. */
class OverlaysTest {

    /**
     * DESIGN.md: chat-gateway until a session's agent has exactly one owner across replicas; session-service until its
     * placement lock is cluster-wide (session-service/README.md, "Open").
     */
    static final List<String> ONE_REPLICA = List.of("chat-gateway", "session-service");

    @ForEachInstallation
    void servicesThatCannotRunSeveralRunExactlyOneReplicaEverywhereRolloutsIncluded(String installation) {
        RenderedManifests rendered = RenderedManifests.of(installation);
        for (String service : ONE_REPLICA) {
            Deployment deployment = rendered.get(Deployment.class, "podbench", service);
            assertThat(deployment.getSpec().getReplicas()).as(service).isEqualTo(1);
            assertThat(deployment.getSpec().getStrategy().getType()).as(service + ": no second pod during a rollout")
                    .isEqualTo("Recreate");
            assertThat(rendered.all(HorizontalPodAutoscaler.class))
                    .noneMatch(h -> h.getSpec().getScaleTargetRef().getName().equals(service));
        }
    }

    @Test
    void devRunsOneOfEverythingAndAKafkaOnEphemeralStorage() {
        RenderedManifests dev = RenderedManifests.of("overlays/dev");
        assertThat(dev.all(Deployment.class)).allSatisfy(d -> assertThat(d.getSpec().getReplicas()).isEqualTo(1));
        assertThat(dev.all(HorizontalPodAutoscaler.class)).isEmpty();
        KafkaNodePool pool = dev.all(KafkaNodePool.class).get(0);
        assertThat(pool.getSpec().getReplicas()).isEqualTo(1);
        assertThat(pool.getSpec().getStorage().getType()).isEqualTo("ephemeral");
        assertThat((Integer) dev.generic("Cluster").get(0).get("spec", "instances")).isEqualTo(1);
    }

    @Test
    void productionRunsSeveralReplicasWithBudgetsAutoscalingAndSpreading() {
        RenderedManifests production = RenderedManifests.of("overlays/production");
        Map<String, HorizontalPodAutoscaler> autoscalers = production.all(HorizontalPodAutoscaler.class).stream()
                .collect(Collectors.toMap(h -> h.getSpec().getScaleTargetRef().getName(), h -> h));
        assertThat(autoscalers).containsKeys("terminal-gateway", "web-ui");

        for (Deployment d : production.all(Deployment.class)) {
            String name = d.getMetadata().getName();
            HorizontalPodAutoscaler hpa = autoscalers.get(name);
            if (hpa != null) {
                assertThat(d.getSpec().getReplicas()).as(name + ": the autoscaler owns the replica count").isNull();
                assertThat(hpa.getSpec().getMinReplicas()).as(name).isGreaterThanOrEqualTo(2);
                assertThat(hpa.getSpec().getScaleTargetRef().getKind()).isEqualTo("Deployment");
            } else if (!ONE_REPLICA.contains(name)) {
                assertThat(d.getSpec().getReplicas()).as(name).isGreaterThanOrEqualTo(2);
            }
            List<PodDisruptionBudget> budgets = production.all(PodDisruptionBudget.class).stream()
                    .filter(b -> NetworkPolicyTest.matches(b.getSpec().getSelector(),
                            d.getSpec().getTemplate().getMetadata().getLabels()))
                    .toList();
            assertThat(budgets).as(name + " budgets").hasSize(ONE_REPLICA.contains(name) ? 0 : 1);

            List<TopologySpreadConstraint> spread = d.getSpec().getTemplate().getSpec().getTopologySpreadConstraints();
            assertThat(spread).as(name).anySatisfy(c -> {
                assertThat(c.getTopologyKey()).isEqualTo("kubernetes.io/hostname");
                assertThat(c.getWhenUnsatisfiable()).isEqualTo("DoNotSchedule");
                assertThat(NetworkPolicyTest.matches(c.getLabelSelector(),
                        d.getSpec().getTemplate().getMetadata().getLabels())).isTrue();
                assertThat(c.getMatchLabelKeys()).contains("app.kubernetes.io/name");
            });
        }
    }

    @Test
    void theGatewaysScaleOnOpenConnections() {
        RenderedManifests production = RenderedManifests.of("overlays/production");
        HorizontalPodAutoscaler terminal =
                production.get(HorizontalPodAutoscaler.class, "podbench", "terminal-gateway");
        var metric = terminal.getSpec().getMetrics().get(0);
        assertThat(metric.getType()).isEqualTo("Pods");
        String name = metric.getPods().getMetric().getName();
        // the gauge TerminalMetrics registers, as Prometheus names it
        String gauge = name.replace('_', '.');
        assertThat(ServiceSources.read(ServiceSources.module("terminal-gateway")
                .resolve("src/main/java/dev/podbench/terminal/metrics/TerminalMetrics.java")))
                .contains("\"" + gauge + "\"");
        assertThat(production.get(HorizontalPodAutoscaler.class, "podbench", "web-ui").getSpec().getMetrics())
                .allSatisfy(m -> assertThat(m.getPods().getMetric().getName()).contains("websocket_connections"));
    }

    @ForEachInstallation
    void onlyWebUiIsExposedWithHourLongWebSocketTimeouts(String installation) {
        List<Ingress> ingresses = RenderedManifests.of(installation).all(Ingress.class);
        assertThat(ingresses).hasSize(1);
        Ingress ingress = ingresses.get(0);
        List<HTTPIngressPath> paths = ingress.getSpec().getRules().stream()
                .flatMap(rule -> rule.getHttp().getPaths().stream()).toList();
        assertThat(paths).isNotEmpty()
                .allSatisfy(path -> assertThat(path.getBackend().getService().getName()).isEqualTo("web-ui"));
        assertThat(ingress.getSpec().getDefaultBackend()).isNull();
        Map<String, String> annotations = ingress.getMetadata().getAnnotations();
        assertThat(Integer.parseInt(annotations.get("nginx.ingress.kubernetes.io/proxy-read-timeout")))
                .isGreaterThanOrEqualTo(3600);
        assertThat(Integer.parseInt(annotations.get("nginx.ingress.kubernetes.io/proxy-send-timeout")))
                .isGreaterThanOrEqualTo(3600);
    }
}
