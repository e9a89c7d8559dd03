package dev.podbench.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressTLS;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;

/** The rendered pieces fit together: accounts, configuration, secrets, ports and the rights in the workspaces. */
class WiringTest {

    static final String SERVICES_NAMESPACE = "podbench";
    static final List<String> SERVICES = List.of("session-service", "terminal-gateway", "chat-gateway", "pr-tracker",
            "cost-service", "web-ui");

    /** A secret some resource needs, and where the need comes from. */
    record SecretReference(String namespace, String name, String key, boolean optional, String from) {
    }

    @ForEachInstallation
    void everyServiceIsDeployedWithAServiceOnItsOwnPortAndAnExistingServiceAccount(String installation) {
        RenderedManifests rendered = RenderedManifests.of(installation);
        assertThat(names(rendered.all(Deployment.class))).containsExactlyInAnyOrderElementsOf(SERVICES);
        assertThat(names(rendered.all(Service.class))).isEqualTo(names(rendered.all(Deployment.class)));
        for (Deployment d : rendered.all(Deployment.class)) {
            String name = d.getMetadata().getName();
            assertThat(d.getMetadata().getNamespace()).isEqualTo(SERVICES_NAMESPACE);
            String account = d.getSpec().getTemplate().getSpec().getServiceAccountName();
            rendered.get(ServiceAccount.class, SERVICES_NAMESPACE, account);
            int port = Integer.parseInt(ServiceSources.properties(name).getProperty("quarkus.http.port"));
            ContainerPort http = container(d).getPorts().get(0);
            assertThat(http.getName()).isEqualTo("http");
            assertThat(http.getContainerPort()).as(name + " listens on quarkus.http.port").isEqualTo(port);
            Service service = rendered.get(Service.class, SERVICES_NAMESPACE, name);
            assertThat(service.getSpec().getPorts().get(0).getPort()).isEqualTo(port);
            assertThat(service.getSpec().getSelector()).isEqualTo(d.getSpec().getSelector().getMatchLabels());
            assertThat(d.getSpec().getTemplate().getMetadata().getLabels())
                    .containsAllEntriesOf(d.getSpec().getSelector().getMatchLabels());
        }
    }

    @ForEachInstallation
    void referencedConfigMapsExistWithTheirKeys(String installation) {
        RenderedManifests rendered = RenderedManifests.of(installation);
        for (Deployment d : rendered.all(Deployment.class)) {
            Container c = container(d);
            for (EnvFromSource from : c.getEnvFrom()) {
                if (from.getConfigMapRef() != null) {
                    rendered.get(ConfigMap.class, SERVICES_NAMESPACE, from.getConfigMapRef().getName());
                }
            }
            for (EnvVar env : c.getEnv()) {
                if (env.getValueFrom() != null && env.getValueFrom().getConfigMapKeyRef() != null) {
                    var ref = env.getValueFrom().getConfigMapKeyRef();
                    assertThat(rendered.get(ConfigMap.class, SERVICES_NAMESPACE, ref.getName()).getData())
                            .containsKey(ref.getKey());
                }
            }
        }
    }

    @ForEachInstallation
    void everyReferencedSecretIsRenderedOrInTheGuidesListOfSecretsToCreate(String installation) {
        RenderedManifests rendered = RenderedManifests.of(installation);
        Set<String> toCreate = ServiceSources.secretsTheGuideAsksFor();
        for (SecretReference ref : secretReferences(rendered)) {
            var secret = rendered.find(Secret.class, ref.namespace(), ref.name());
            if (secret.isPresent()) {
                if (ref.key() != null) {
                    assertThat(keys(secret.get())).as(ref.toString()).contains(ref.key());
                }
            } else {
                assertThat(toCreate).as(ref + " is neither rendered nor in README.md's \"Secrets you create\"")
                        .contains(ref.name());
            }
        }
    }

    @Test
    void theDevOverlayBringsEverySecretItNeeds() {
        RenderedManifests dev = RenderedManifests.of("overlays/dev");
        assertThat(secretReferences(dev)).filteredOn(ref -> !ref.optional())
                .allSatisfy(ref -> assertThat(dev.find(Secret.class, ref.namespace(), ref.name())).as(ref.toString())
                        .isPresent());
    }

    @Test
    void theGuidesListOfSecretsHasNoneThatNothingUses() {
        Set<String> referenced = new HashSet<>();
        for (String installation : RenderedManifests.INSTALLATIONS) {
            secretReferences(RenderedManifests.of(installation)).forEach(ref -> referenced.add(ref.name()));
        }
        assertThat(referenced).containsAll(ServiceSources.secretsTheGuideAsksFor());
    }

    @ForEachInstallation
    void everyVariableADeploymentSetsIsOneItsServiceReads(String installation) {
        RenderedManifests rendered = RenderedManifests.of(installation);
        for (Deployment d : rendered.all(Deployment.class)) {
            String service = d.getMetadata().getName();
            for (EnvVar env : container(d).getEnv()) {
                assertThat(ServiceSources.readsVariable(service, env.getName()))
                        .as("%s sets %s, which %s's application.properties does not read", installation, env.getName(),
                                service)
                        .isTrue();
            }
        }
        ConfigMap platform = rendered.get(ConfigMap.class, SERVICES_NAMESPACE, "podbench-platform");
        platform.getData().keySet().forEach(key -> assertThat(SERVICES).as("a service reading " + key)
                .anyMatch(service -> ServiceSources.readsVariable(service, key)));
    }

    @ForEachInstallation
    void gitHostUrlsReachPrTrackerAndTheGatewaysAndTheTokensOnlyPrTracker(String installation) {
        RenderedManifests rendered = RenderedManifests.of(installation);
        Set<String> knowGitHosts = Set.of("pr-tracker", "terminal-gateway", "chat-gateway");
        ConfigMap urls = rendered.get(ConfigMap.class, SERVICES_NAMESPACE, "podbench-git-host-urls");
        assertThat(urls.getData().keySet()).as("libs/events GitHostsConfig's URLs, no token")
                .allMatch(key -> key.matches("PODBENCH_PR_(GITHUB|GITLAB|HOSTS_[A-Z0-9]+)_(WEB|API)_URL|PODBENCH_PR_HOSTS_[A-Z0-9]+_PROVIDER"))
                .contains("PODBENCH_PR_GITHUB_WEB_URL", "PODBENCH_PR_GITHUB_API_URL", "PODBENCH_PR_GITLAB_WEB_URL",
                        "PODBENCH_PR_GITLAB_API_URL");
        for (Deployment d : rendered.all(Deployment.class)) {
            String service = d.getMetadata().getName();
            List<EnvFromSource> from = container(d).getEnvFrom();
            boolean urlsRef = from.stream().anyMatch(f -> f.getConfigMapRef() != null
                    && "podbench-git-host-urls".equals(f.getConfigMapRef().getName()));
            List<EnvFromSource> tokens = from.stream().filter(f -> f.getSecretRef() != null
                    && "podbench-git-hosts".equals(f.getSecretRef().getName())).toList();
            assertThat(urlsRef).as(installation + ": " + service + " gets the Git host URLs")
                    .isEqualTo(knowGitHosts.contains(service));
            if (service.equals("pr-tracker")) {
                assertThat(tokens).as(installation + ": pr-tracker's tokens, optional").hasSize(1)
                        .allMatch(f -> Boolean.TRUE.equals(f.getSecretRef().getOptional()));
            } else {
                assertThat(tokens).as(installation + ": " + service + " gets no Git host token").isEmpty();
            }
        }
    }

    @ForEachInstallation
    void theWorkspaceServicesRunTheKubernetesRuntimeWithTheRightsTheyNeed(String installation) {
        RenderedManifests rendered = RenderedManifests.of(installation);
        ConfigMap workspace = rendered.get(ConfigMap.class, SERVICES_NAMESPACE, "podbench-workspace");
        assertThat(workspace.getData()).containsEntry("PODBENCH_WORKSPACE_RUNTIME", "kubernetes")
                .containsKeys("PODBENCH_WORKSPACE_KUBERNETES_NAMESPACE", "PODBENCH_WORKSPACE_KUBERNETES_DEFAULT_IMAGE");
        String podNamespace = workspace.getData().get("PODBENCH_WORKSPACE_KUBERNETES_NAMESPACE");
        assertThat(podNamespace).isEqualTo("podbench-workspaces");
        for (String service : List.of("session-service", "terminal-gateway", "chat-gateway")) {
            Deployment d = rendered.get(Deployment.class, SERVICES_NAMESPACE, service);
            assertThat(container(d).getEnvFrom()).filteredOn(from -> from.getConfigMapRef() != null)
                    .extracting(from -> from.getConfigMapRef().getName()).contains("podbench-workspace");
        }

        Role manager = rendered.get(Role.class, podNamespace, "podbench-pod-manager");
        assertThat(allows(manager, "pods", "get", "list", "watch", "create", "delete")).isTrue();
        assertThat(allows(manager, "pods/exec", "create", "get")).isTrue();
        Role exec = rendered.get(Role.class, podNamespace, "podbench-pod-exec");
        assertThat(allows(exec, "pods/exec", "create", "get")).isTrue();
        assertThat(allows(exec, "pods", "create")).isFalse();
        assertThat(allows(exec, "pods", "delete")).isFalse();
        // nothing in the services' own namespace: the rights are where the pods are
        assertThat(rendered.all(Role.class)).allMatch(r -> podNamespace.equals(r.getMetadata().getNamespace()));

        Map<String, String> bound = new java.util.HashMap<>();
        for (RoleBinding binding : rendered.all(RoleBinding.class)) {
            assertThat(binding.getMetadata().getNamespace()).isEqualTo(podNamespace);
            assertThat(binding.getRoleRef().getKind()).isEqualTo("Role");
            rendered.get(Role.class, podNamespace, binding.getRoleRef().getName());
            binding.getSubjects().forEach(s -> {
                assertThat(s.getKind()).isEqualTo("ServiceAccount");
                assertThat(s.getNamespace()).as("the account's namespace").isEqualTo(SERVICES_NAMESPACE);
                rendered.get(ServiceAccount.class, SERVICES_NAMESPACE, s.getName());
                bound.put(s.getName(), binding.getRoleRef().getName());
            });
        }
        assertThat(bound).containsEntry("session-service", "podbench-pod-manager")
                .containsEntry("terminal-gateway", "podbench-pod-exec")
                .containsEntry("chat-gateway", "podbench-pod-exec")
                .doesNotContainKeys("podbench-no-api");
        for (String service : List.of("session-service", "terminal-gateway", "chat-gateway")) {
            assertThat(rendered.get(Deployment.class, SERVICES_NAMESPACE, service).getSpec().getTemplate().getSpec()
                    .getServiceAccountName()).isEqualTo(service);
        }
        ServiceAccount noApi = rendered.get(ServiceAccount.class, SERVICES_NAMESPACE, "podbench-no-api");
        assertThat(noApi.getAutomountServiceAccountToken()).isFalse();
        for (String service : List.of("pr-tracker", "cost-service", "web-ui")) {
            assertThat(rendered.get(Deployment.class, SERVICES_NAMESPACE, service).getSpec().getTemplate().getSpec()
                    .getServiceAccountName()).isEqualTo("podbench-no-api");
        }
    }

    @ForEachInstallation
    void everyWorkspaceKeyIsOneTheWorkspaceLibraryDocuments(String installation) {
        // a misspelled key would be ignored silently: the runtime would run on its default
        List<Pattern> documented = new ArrayList<>();
        Matcher key = Pattern.compile("(?m)^\\| `(podbench\\.workspace\\.[^`]+)` \\|").matcher(ServiceSources.read(
                ServiceSources.REPOSITORY.resolve("libs/workspace/README.md")));
        while (key.find()) {
            String environmentName = key.group(1).toUpperCase(Locale.ROOT).replaceAll("[.\"-]", "_");
            documented.add(Pattern.compile(Pattern.quote(environmentName).replace("<NAME>", "\\E[A-Z0-9_]+\\Q")));
        }
        assertThat(documented).hasSizeGreaterThan(10);
        ConfigMap workspace = RenderedManifests.of(installation).get(ConfigMap.class, SERVICES_NAMESPACE,
                "podbench-workspace");
        for (String name : workspace.getData().keySet()) {
            assertThat(documented).as(name).anyMatch(pattern -> pattern.matcher(name).matches());
        }
    }

    static List<SecretReference> secretReferences(RenderedManifests rendered) {
        List<SecretReference> refs = new ArrayList<>();
        for (Deployment d : rendered.all(Deployment.class)) {
            String from = "Deployment " + d.getMetadata().getName();
            Container c = container(d);
            for (EnvFromSource envFrom : c.getEnvFrom()) {
                if (envFrom.getSecretRef() != null) {
                    refs.add(new SecretReference(SERVICES_NAMESPACE, envFrom.getSecretRef().getName(), null,
                            Boolean.TRUE.equals(envFrom.getSecretRef().getOptional()), from));
                }
            }
            for (EnvVar env : c.getEnv()) {
                if (env.getValueFrom() != null && env.getValueFrom().getSecretKeyRef() != null) {
                    var ref = env.getValueFrom().getSecretKeyRef();
                    refs.add(new SecretReference(SERVICES_NAMESPACE, ref.getName(), ref.getKey(),
                            Boolean.TRUE.equals(ref.getOptional()), from + " " + env.getName()));
                }
            }
        }
        for (Ingress ingress : rendered.all(Ingress.class)) {
            for (IngressTLS tls : ingress.getSpec().getTls()) {
                refs.add(new SecretReference(ingress.getMetadata().getNamespace(), tls.getSecretName(), "tls.crt",
                        false, "Ingress " + ingress.getMetadata().getName()));
            }
        }
        for (GenericKubernetesResource cluster : rendered.generic("Cluster")) {
            List<Map<String, Object>> roles = cluster.get("spec", "managed", "roles");
            for (Map<String, Object> role : roles) {
                @SuppressWarnings("unchecked")
                Map<String, Object> secret = (Map<String, Object>) role.get("passwordSecret");
                refs.add(new SecretReference(cluster.getMetadata().getNamespace(), (String) secret.get("name"),
                        "password", false, "PostgreSQL role " + role.get("name")));
            }
        }
        ConfigMap workspace = rendered.get(ConfigMap.class, SERVICES_NAMESPACE, "podbench-workspace");
        String envFromSecrets = workspace.getData().getOrDefault("PODBENCH_WORKSPACE_KUBERNETES_ENV_FROM_SECRETS", "");
        for (String name : envFromSecrets.split(",")) {
            if (!name.isBlank()) {
                refs.add(new SecretReference(workspace.getData().get("PODBENCH_WORKSPACE_KUBERNETES_NAMESPACE"),
                        name.strip(), null, false, "repository pods (env-from-secrets)"));
            }
        }
        return refs;
    }

    static Container container(Deployment d) {
        List<Container> containers = d.getSpec().getTemplate().getSpec().getContainers();
        assertThat(containers).as(d.getMetadata().getName()).hasSize(1);
        return containers.get(0);
    }

    private static Set<String> keys(Secret secret) {
        Set<String> keys = new HashSet<>();
        if (secret.getData() != null) {
            keys.addAll(secret.getData().keySet());
        }
        if (secret.getStringData() != null) {
            keys.addAll(secret.getStringData().keySet());
        }
        return keys;
    }

    private static Set<String> names(List<? extends io.fabric8.kubernetes.api.model.HasMetadata> resources) {
        return resources.stream().map(r -> r.getMetadata().getName()).collect(Collectors.toSet());
    }

    private static boolean allows(Role role, String resource, String... verbs) {
        return role.getRules().stream().filter(rule -> rule.getResources().contains(resource))
                .map(PolicyRule::getVerbs).anyMatch(v -> v.containsAll(Arrays.asList(verbs)));
    }
}
