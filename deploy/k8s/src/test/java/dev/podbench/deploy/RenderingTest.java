package dev.podbench.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/** Every kustomization renders with the real kustomize, and every rendered field is one its model knows. */
class RenderingTest {

    @Test
    void theBaseTheOverlaysAndTheExamplesAreAllFound() {
        assertThat(RenderedManifests.kustomizations())
                .containsAll(RenderedManifests.INSTALLATIONS)
                .contains("examples/keycloak");
    }

    @TestFactory
    Stream<DynamicTest> everyKustomizationRendersIntoKnownFieldsOnly() {
        return RenderedManifests.kustomizations().stream().map(dir -> DynamicTest.dynamicTest(dir,
                () -> assertThat(RenderedManifests.of(dir).all()).isNotEmpty()));
    }

    @Test
    void aMisspelledKubernetesFieldFails() {
        assertThatThrownBy(() -> StrictModel.read("""
                apiVersion: v1
                kind: ServiceAccount
                metadata:
                  name: typo
                automountServiceAccountTokens: false
                """)).hasMessageContaining("automountServiceAccountTokens: unknown field");
        assertThatThrownBy(() -> StrictModel.read("""
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: typo
                spec:
                  template:
                    spec:
                      containers:
                        - name: c
                          securityContext:
                            readOnlyRootFileSystem: true
                """)).hasMessageContaining("readOnlyRootFileSystem: unknown field");
    }

    @Test
    void aMisspelledStrimziFieldFails() {
        assertThatThrownBy(() -> StrictModel.read("""
                apiVersion: kafka.strimzi.io/v1
                kind: KafkaTopic
                metadata:
                  name: typo
                spec:
                  partition: 3
                """)).hasMessageContaining("partition: unknown field");
    }

    @Test
    void aMisspelledOrMistypedFieldOfAKindWithoutJavaModelFails() {
        assertThatThrownBy(() -> StrictModel.read("""
                apiVersion: postgresql.cnpg.io/v1
                kind: Cluster
                metadata:
                  name: typo
                spec:
                  instance: 3
                  managed:
                    roles:
                      - name: x
                        ensure: presnt
                        login: "yes"
                """)).hasMessageContaining(".spec.instance: unknown field")
                .hasMessageContaining(".spec.managed.roles[0].ensure: 'presnt'")
                .hasMessageContaining(".spec.managed.roles[0].login: expected boolean");
    }

    @Test
    void aKindWithNoModelAtAllFails() {
        assertThatThrownBy(() -> StrictModel.read("""
                apiVersion: example.com/v1
                kind: Widget
                metadata:
                  name: w
                spec: {}
                """)).hasMessageContaining("no model for this kind");
    }

    @Test
    void kustomizesOwnErrorIsReported(@TempDir Path dir) throws IOException {
        // the error the first version of these manifests had: a top-level namespace over two Namespace objects
        Files.writeString(dir.resolve("kustomization.yaml"), """
                namespace: podbench
                resources: [namespaces.yaml]
                """);
        Files.writeString(dir.resolve("namespaces.yaml"), """
                apiVersion: v1
                kind: Namespace
                metadata:
                  name: one
                ---
                apiVersion: v1
                kind: Namespace
                metadata:
                  name: two
                """);
        assertThatThrownBy(() -> Kubectl.find().kustomize(dir))
                .hasMessageContaining("kubectl kustomize " + dir + " failed")
                .hasMessageContaining("namespace transformation produces ID conflict");
    }

    @Test
    void withoutKubectlTheBuildSaysWhereToGetOne(@TempDir Path emptyDir) {
        assertThatThrownBy(() -> Kubectl.find(Map.of("PATH", emptyDir.toString())))
                .hasMessageContaining("No kubectl").hasMessageContaining(Kubectl.ENV);
        assertThatThrownBy(() -> Kubectl.find(Map.of(Kubectl.ENV, emptyDir.resolve("kubectl").toString())))
                .hasMessageContaining("is not an executable file");
    }

    @Test
    void theConfiguredKubectlWinsOverThePath(@TempDir Path dir) throws IOException {
        Path configured = Files.createFile(dir.resolve("my-kubectl"));
        configured.toFile().setExecutable(true);
        assertThat(Kubectl.find(Map.of(Kubectl.ENV, configured.toString(), "PATH", "/usr/bin:/bin")).executable())
                .isEqualTo(configured);
    }
}
