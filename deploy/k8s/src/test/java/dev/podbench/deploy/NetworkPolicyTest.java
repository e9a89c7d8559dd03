package dev.podbench.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;


import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.IPBlock;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;

/**
 * What the NetworkPolicies allow, computed from the rendered policies as the cluster would combine them (the union of
 * every policy selecting a pod): default deny, each service only what it uses, repository pods only DNS and the
 * internet. Whether the cluster's network plugin enforces them is for a cluster to show.
 */
class NetworkPolicyTest {

    /** The ports each service opens connections to: DNS, its neighbours, Kafka, PostgreSQL, HTTPS, API server, SSH. */
    static final Map<String, Set<Integer>> EGRESS_PORTS = Map.of(
            "web-ui", Set.of(53, 8081, 8082, 8083, 8084, 8085, 9092, 443),
            "session-service", Set.of(53, 9092, 5432, 443, 6443, 22),
            "terminal-gateway", Set.of(53, 9092, 5432, 443, 6443),
            "chat-gateway", Set.of(53, 9092, 5432, 443, 6443),
            "pr-tracker", Set.of(53, 9092, 5432, 443),
            "cost-service", Set.of(53, 9092, 5432, 443));
    /** The dev overlay's Keycloak runs in the cluster and serves plain HTTP: every service fetches its keys there. */
    static final Map<String, Integer> IN_CLUSTER_OIDC_PORT = Map.of("overlays/dev", 8080);

    @ForEachInstallation
    void bothNamespacesDenyEverythingByDefault(String installation) {
        RenderedManifests rendered = RenderedManifests.of(installation);
        for (String namespace : List.of("podbench", "podbench-workspaces")) {
            assertThat(policies(rendered, namespace)).as(namespace).anySatisfy(p -> {
                assertThat(p.getSpec().getPodSelector().getMatchLabels()).isNullOrEmpty();
                assertThat(p.getSpec().getPodSelector().getMatchExpressions()).isNullOrEmpty();
                assertThat(p.getSpec().getPolicyTypes()).containsExactlyInAnyOrder("Ingress", "Egress");
                assertThat(p.getSpec().getIngress()).isEmpty();
                assertThat(p.getSpec().getEgress()).isEmpty();
            });
        }
    }

    @ForEachInstallation
    void repositoryPodsGetNoIngressAndReachOnlyDnsAndTheInternet(String installation) {
        Map<String, String> podLabels = repositoryPodLabels();
        List<NetworkPolicy> selecting = policies(RenderedManifests.of(installation), "podbench-workspaces").stream()
                .filter(p -> matches(p.getSpec().getPodSelector(), podLabels)).toList();
        assertThat(selecting).as("policies for the runtime's pods").hasSizeGreaterThan(1);
        assertThat(selecting).allSatisfy(p -> assertThat(p.getSpec().getIngress()).isEmpty());
        List<NetworkPolicyEgressRule> egress = selecting.stream()
                .flatMap(p -> p.getSpec().getEgress().stream()).toList();
        for (NetworkPolicyEgressRule rule : egress) {
            for (NetworkPolicyPeer peer : rule.getTo()) {
                if (peer.getIpBlock() == null) {
                    assertThat(peer.getNamespaceSelector().getMatchLabels())
                            .containsEntry("kubernetes.io/metadata.name", "kube-system");
                    assertThat(peer.getPodSelector().getMatchLabels()).containsEntry("k8s-app", "kube-dns");
                    assertThat(rule.getPorts()).extracting(p -> p.getPort().getIntVal()).containsOnly(53);
                }
            }
        }
        List<IPBlock> blocks = egress.stream().flatMap(r -> r.getTo().stream()).map(NetworkPolicyPeer::getIpBlock)
                .filter(Objects::nonNull).toList();
        for (String forbidden : List.of("169.254.169.254", "10.96.0.1", "10.244.1.7", "172.16.0.10", "192.168.1.1",
                "100.64.0.1", "127.0.0.1", "fd00:ec2::254", "fe80::1")) {
            assertThat(blocks).as(forbidden).noneMatch(block -> allows(block, forbidden));
        }
        for (String internet : List.of("140.82.121.3", "160.79.104.10", "2606:50c0:8000::153")) {
            assertThat(blocks).as(internet).anyMatch(block -> allows(block, internet));
        }
    }

    @ForEachInstallation
    void eachServiceReachesOnlyWhatItUses(String installation) {
        RenderedManifests rendered = RenderedManifests.of(installation);
        for (Deployment d : rendered.all(Deployment.class)) {
            String service = d.getMetadata().getName();
            Set<Integer> ports = new TreeSet<>();
            for (NetworkPolicy p : selecting(rendered, d)) {
                for (NetworkPolicyEgressRule rule : p.getSpec().getEgress()) {
                    assertThat(rule.getPorts()).as(service + ": an egress rule without ports opens every port")
                            .isNotEmpty();
                    rule.getPorts().forEach(port -> ports.add(number(port, d)));
                }
            }
            Set<Integer> expected = new TreeSet<>(EGRESS_PORTS.get(service));
            if (IN_CLUSTER_OIDC_PORT.containsKey(installation)) {
                expected.add(IN_CLUSTER_OIDC_PORT.get(installation));
            }
            assertThat(ports).as(installation + ": " + service + " egress").isEqualTo(expected);
        }
    }

    @ForEachInstallation
    void onlyWebUiIsReachedFromOutsideTheNamespaceAndTheOthersOnlyFromWebUi(String installation) {
        RenderedManifests rendered = RenderedManifests.of(installation);
        for (Deployment d : rendered.all(Deployment.class)) {
            String service = d.getMetadata().getName();
            int own = WiringTest.container(d).getPorts().get(0).getContainerPort();
            for (NetworkPolicy p : selecting(rendered, d)) {
                for (NetworkPolicyIngressRule rule : p.getSpec().getIngress()) {
                    assertThat(rule.getPorts()).as(service).isNotEmpty();
                    for (NetworkPolicyPort port : rule.getPorts()) {
                        int number = number(port, d);
                        if (number != own) {
                            continue; // a policy naming the ports of several services opens only this one's here
                        }
                        for (NetworkPolicyPeer peer : rule.getFrom()) {
                            assertThat(peer.getIpBlock()).as(service).isNull();
                            String from = peer.getNamespaceSelector() != null
                                    ? peer.getNamespaceSelector().getMatchLabels().get("kubernetes.io/metadata.name")
                                    : peer.getPodSelector().getMatchLabels().get("app.kubernetes.io/name");
                            assertThat(from).as(installation + ": " + service + " reached from")
                                    .isIn(service.equals("web-ui") ? Set.of("ingress-nginx", "monitoring")
                                            : Set.of("web-ui", "monitoring"));
                        }
                    }
                }
            }
        }
    }

    private static List<NetworkPolicy> policies(RenderedManifests rendered, String namespace) {
        return rendered.all(NetworkPolicy.class).stream()
                .filter(p -> namespace.equals(p.getMetadata().getNamespace())).toList();
    }

    private static List<NetworkPolicy> selecting(RenderedManifests rendered, Deployment d) {
        Map<String, String> labels = d.getSpec().getTemplate().getMetadata().getLabels();
        return policies(rendered, d.getMetadata().getNamespace()).stream()
                .filter(p -> matches(p.getSpec().getPodSelector(), labels)).toList();
    }

    private static int number(NetworkPolicyPort port, Deployment d) {
        IntOrString value = port.getPort();
        if (value.getIntVal() != null) {
            return value.getIntVal();
        }
        Container c = WiringTest.container(d);
        return c.getPorts().stream().filter(p -> value.getStrVal().equals(p.getName())).findFirst()
                .orElseThrow(() -> new AssertionError(d.getMetadata().getName() + " has no port " + value.getStrVal()))
                .getContainerPort();
    }

    static boolean matches(LabelSelector selector, Map<String, String> labels) {
        if (selector.getMatchLabels() != null && !selector.getMatchLabels().entrySet().stream()
                .allMatch(e -> e.getValue().equals(labels.get(e.getKey())))) {
            return false;
        }
        for (LabelSelectorRequirement requirement : selector.getMatchExpressions()) {
            String value = labels.get(requirement.getKey());
            boolean ok = switch (requirement.getOperator()) {
                case "In" -> requirement.getValues().contains(value);
                case "NotIn" -> !requirement.getValues().contains(value);
                case "Exists" -> value != null;
                case "DoesNotExist" -> value == null;
                default -> throw new AssertionError("operator " + requirement.getOperator());
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static boolean allows(IPBlock block, String address) {
        return inCidr(block.getCidr(), address) && block.getExcept().stream().noneMatch(e -> inCidr(e, address));
    }

    private static boolean inCidr(String cidr, String address) {
        String[] parts = cidr.split("/");
        byte[] network = bytes(parts[0]);
        byte[] candidate = bytes(address);
        if (network.length != candidate.length) {
            return false;
        }
        int bits = network.length * 8;
        int prefix = Integer.parseInt(parts[1]);
        BigInteger all = BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE);
        BigInteger mask = all.shiftRight(bits - prefix).shiftLeft(bits - prefix);
        return new BigInteger(1, network).and(mask).equals(new BigInteger(1, candidate).and(mask));
    }

    private static byte[] bytes(String literal) {
        try {
            return InetAddress.getByName(literal).getAddress(); // literals only: no lookup
        } catch (UnknownHostException e) {
            throw new AssertionError(literal, e);
        }
    }

    /** The labels the kubernetes runtime gives every repository pod (libs/workspace PodNames). */
    private static Map<String, String> repositoryPodLabels() {
        String source = ServiceSources.read(ServiceSources.REPOSITORY.resolve(
                "libs/workspace/src/main/java/dev/podbench/workspace/kubernetes/PodNames.java"));
        return Map.of(constant(source, "MANAGED_BY"), constant(source, "MANAGED_BY_VALUE"));
    }

    private static String constant(String source, String name) {
        Matcher m = Pattern.compile("\\b" + name + " = \"([^\"]+)\"").matcher(source);
        assertThat(m.find()).as("PodNames." + name).isTrue();
        return m.group(1);
    }
}
