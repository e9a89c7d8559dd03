package dev.podbench.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import io.fabric8.kubernetes.api.model.HasMetadata;

/**
 * The kustomizations under deploy/k8s, rendered by {@link Kubectl} once per test run and read by
 * {@link StrictModel}: every check of this module looks at what {@code kubectl apply -k} would send.
 */
final class RenderedManifests {

    /** deploy/k8s: Maven runs the tests in the module's directory. */
    static final Path ROOT = Path.of("").toAbsolutePath();
    /** What a user deploys: the base and the overlays (the examples are checked for rendering and fields only). */
    static final List<String> INSTALLATIONS = List.of("base", "overlays/dev", "overlays/production");

    private static final Map<String, RenderedManifests> CACHE = new ConcurrentHashMap<>();
    private static Kubectl kubectl;

    private final String name;
    private final List<HasMetadata> resources;

    private RenderedManifests(String name, List<HasMetadata> resources) {
        this.name = name;
        this.resources = resources;
    }

    /** Every directory below deploy/k8s holding a kustomization, relative to it ("base", "overlays/dev", …). */
    static List<String> kustomizations() {
        try (Stream<Path> files = Files.walk(ROOT)) {
            return files.filter(f -> f.getFileName().toString().matches("kustomization\\.ya?ml|Kustomization"))
                    .map(f -> ROOT.relativize(f.getParent()).toString().replace('\\', '/'))
                    .filter(dir -> !dir.startsWith("target") && !dir.startsWith("src"))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static RenderedManifests of(String kustomization) {
        return CACHE.computeIfAbsent(kustomization, RenderedManifests::render);
    }

    private static synchronized RenderedManifests render(String kustomization) {
        if (kubectl == null) {
            kubectl = Kubectl.find();
        }
        String output = kubectl.kustomize(ROOT.resolve(kustomization));
        List<HasMetadata> resources = Stream.of(output.split("(?m)^---$"))
                .filter(document -> !document.isBlank())
                .map(StrictModel::read)
                .toList();
        return new RenderedManifests(kustomization, resources);
    }

    String name() {
        return name;
    }

    List<HasMetadata> all() {
        return resources;
    }

    <T extends HasMetadata> List<T> all(Class<T> type) {
        return resources.stream().filter(type::isInstance).map(type::cast).toList();
    }

    <T extends HasMetadata> Optional<T> find(Class<T> type, String namespace, String name) {
        return all(type).stream().filter(r -> name.equals(r.getMetadata().getName())
                && (namespace == null || namespace.equals(r.getMetadata().getNamespace()))).findFirst();
    }

    <T extends HasMetadata> T get(Class<T> type, String namespace, String name) {
        return find(type, namespace, name).orElseThrow(() -> new AssertionError(
                this.name + " renders no " + type.getSimpleName() + " " + namespace + "/" + name));
    }

    List<io.fabric8.kubernetes.api.model.GenericKubernetesResource> generic(String kind) {
        return all(io.fabric8.kubernetes.api.model.GenericKubernetesResource.class).stream()
                .filter(r -> kind.equals(r.getKind())).toList();
    }

    @Override
    public String toString() {
        return name;
    }
}
