package dev.podbench.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.utils.Serialization;

/**
 * Offline validation of the kustomize base (no cluster, no kubectl here): every document deserializes into the
 * fabric8 model with no field the model does not know, and the pieces fit together (service accounts, roles,
 * config and secrets that are referenced exist; the pods and exec rights each service needs).
 */
class ManifestsTest {

    private static final Path BASE = Path.of(".");
    private static List<HasMetadata> resources;

    @BeforeAll
    static void load() throws IOException {
        Map<?, ?> kustomization = Serialization.unmarshal(Files.readString(BASE.resolve("kustomization.yaml")),
                Map.class);
        resources = new ArrayList<>();
        for (Object file : (List<?>) kustomization.get("resources")) {
            for (String document : Files.readString(BASE.resolve((String) file)).split("(?m)^---\\s*$")) {
                if (document.lines().allMatch(line -> line.isBlank() || line.strip().startsWith("#"))) {
                    continue;
                }
                HasMetadata resource = Serialization.unmarshal(document);
                assertNoUnknownFields(resource, file + ": " + resource.getKind() + "/" + resource.getMetadata().getName());
                resources.add(resource);
            }
        }
    }

    /** The model keeps fields it does not know in additionalProperties: a typo would land there silently. */
    private static void assertNoUnknownFields(Object node, String where) {
        if (node == null) {
            return;
        }
        if (node instanceof Collection<?> items) {
            items.forEach(item -> assertNoUnknownFields(item, where));
            return;
        }
        if (node instanceof Map<?, ?> map) {
            map.values().forEach(value -> assertNoUnknownFields(value, where));
            return;
        }
        if (!node.getClass().getPackageName().startsWith("io.fabric8.kubernetes.api.model")) {
            return;
        }
        for (Method getter : node.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers())
                    || !getter.getName().startsWith("get") || getter.getDeclaringClass() == Object.class) {
                continue;
            }
            Object value;
            try {
                value = getter.invoke(node);
            } catch (IllegalAccessException | InvocationTargetException e) {
                continue;
            }
            if (getter.getName().equals("getAdditionalProperties")) {
                assertThat((Map<?, ?>) value).as("unknown fields in %s (%s)", where, node.getClass().getSimpleName())
                        .isEmpty();
            } else {
                assertNoUnknownFields(value, where);
            }
        }
    }

    @Test
    void aMisspelledFieldIsCaught() {
        HasMetadata typo = Serialization.unmarshal("""
                apiVersion: v1
                kind: ServiceAccount
                metadata:
                  name: typo
                automountServiceAccountTokens: false
                """);
        assertThatThrownBy(() -> assertNoUnknownFields(typo, "typo"))
                .hasMessageContaining("automountServiceAccountTokens");
    }

    private static <T extends HasMetadata> List<T> all(Class<T> type) {
        return resources.stream().filter(type::isInstance).map(type::cast).toList();
    }

    private static Set<String> names(Class<? extends HasMetadata> type) {
        return all(type).stream().map(r -> r.getMetadata().getName()).collect(Collectors.toSet());
    }

    private static Deployment deployment(String name) {
        return all(Deployment.class).stream().filter(d -> d.getMetadata().getName().equals(name)).findFirst()
                .orElseThrow();
    }

    private static Role role(String name) {
        return all(Role.class).stream().filter(r -> r.getMetadata().getName().equals(name)).findFirst().orElseThrow();
    }

    private static boolean allows(Role role, String resource, String... verbs) {
        return role.getRules().stream().filter(rule -> rule.getResources().contains(resource))
                .map(PolicyRule::getVerbs).anyMatch(v -> v.containsAll(List.of(verbs)));
    }

    @Test
    void everyServiceIsDeployedWithAServiceAndAnExistingServiceAccount() {
        assertThat(names(Deployment.class)).containsExactlyInAnyOrder("session-service", "terminal-gateway",
                "chat-gateway", "pr-tracker", "cost-service", "web-ui");
        assertThat(names(io.fabric8.kubernetes.api.model.Service.class)).isEqualTo(names(Deployment.class));
        all(Deployment.class).forEach(d -> assertThat(names(ServiceAccount.class))
                .contains(d.getSpec().getTemplate().getSpec().getServiceAccountName()));
    }

    @Test
    void referencedConfigAndSecretsExist() {
        for (Deployment d : all(Deployment.class)) {
            for (Container c : d.getSpec().getTemplate().getSpec().getContainers()) {
                for (EnvFromSource from : c.getEnvFrom()) {
                    if (from.getConfigMapRef() != null) {
                        assertThat(names(ConfigMap.class)).contains(from.getConfigMapRef().getName());
                    }
                    if (from.getSecretRef() != null) {
                        assertThat(names(Secret.class)).contains(from.getSecretRef().getName());
                    }
                }
            }
        }
    }

    @Test
    void theWorkspaceServicesRunTheKubernetesRuntimeWithTheRightsTheyNeed() {
        ConfigMap workspace = all(ConfigMap.class).stream()
                .filter(c -> c.getMetadata().getName().equals("podbench-workspace")).findFirst().orElseThrow();
        assertThat(workspace.getData()).containsEntry("PODBENCH_WORKSPACE_RUNTIME", "kubernetes")
                .containsKeys("PODBENCH_WORKSPACE_KUBERNETES_NAMESPACE", "PODBENCH_WORKSPACE_KUBERNETES_DEFAULT_IMAGE");
        String podNamespace = workspace.getData().get("PODBENCH_WORKSPACE_KUBERNETES_NAMESPACE");
        for (String service : List.of("session-service", "terminal-gateway", "chat-gateway")) {
            assertThat(deployment(service).getSpec().getTemplate().getSpec().getContainers().get(0).getEnvFrom())
                    .filteredOn(from -> from.getConfigMapRef() != null)
                    .extracting(from -> from.getConfigMapRef().getName()).contains("podbench-workspace");
        }

        Role manager = role("podbench-pod-manager");
        assertThat(manager.getMetadata().getNamespace()).isEqualTo(podNamespace);
        assertThat(allows(manager, "pods", "get", "list", "watch", "create", "delete")).isTrue();
        assertThat(allows(manager, "pods/exec", "create", "get")).isTrue();
        Role exec = role("podbench-pod-exec");
        assertThat(allows(exec, "pods/exec", "create", "get")).isTrue();
        assertThat(allows(exec, "pods", "create")).isFalse();
        assertThat(allows(exec, "pods", "delete")).isFalse();

        Map<String, String> bound = all(RoleBinding.class).stream()
                .flatMap(b -> b.getSubjects().stream().map(s -> Map.entry(s.getName(), b.getRoleRef().getName())))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        assertThat(bound).containsEntry("session-service", "podbench-pod-manager")
                .containsEntry("terminal-gateway", "podbench-pod-exec")
                .containsEntry("chat-gateway", "podbench-pod-exec")
                .doesNotContainKeys("podbench-no-api");
        ServiceAccount noApi = all(ServiceAccount.class).stream()
                .filter(s -> s.getMetadata().getName().equals("podbench-no-api")).findFirst().orElseThrow();
        assertThat(noApi.getAutomountServiceAccountToken()).isFalse();
    }
}
