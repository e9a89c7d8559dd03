package dev.podbench.images;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import com.google.cloud.tools.jib.api.CacheDirectoryCreationException;
import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.api.InvalidImageReferenceException;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainer;
import com.google.cloud.tools.jib.api.LogEvent;
import com.google.cloud.tools.jib.api.RegistryException;
import com.google.cloud.tools.jib.api.RegistryImage;
import com.google.cloud.tools.jib.api.TarImage;
import com.google.cloud.tools.jib.frontend.CredentialRetrieverFactory;

/**
 * Builds the six service images with Jib: no Docker daemon, no Dockerfile. Pushes to a registry (credentials from
 * {@code docker login} / credential helpers, as the docker CLI finds them) or, with {@code --to tar:DIR}, writes one
 * image tarball per service ({@code podman load -i}, {@code kind load image-archive}).
 *
 * <pre>
 * --repository DIR   the Podbench checkout (the services' target/quarkus-app must be built)
 * --to PREFIX        registry.example.com/podbench → registry.example.com/podbench/&lt;service&gt;:TAG; or tar:DIR
 * --tag TAG          the images' tag
 * --from IMAGE       the JRE base image (a registry reference, or tar:///path/base.tar for an image tarball)
 * --services LIST    comma-separated, or "all" (the default)
 * </pre>
 */
public final class ServiceImages {

    public static final List<String> SERVICES = List.of("session-service", "terminal-gateway", "chat-gateway",
            "pr-tracker", "cost-service", "web-ui");
    static final String TAR_PREFIX = "tar:";

    private ServiceImages() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --option value, found " + args[i]);
            }
            options.put(args[i].substring(2), args[i + 1]);
        }
        Path repository = Path.of(required(options, "repository"));
        String selected = options.getOrDefault("services", "all");
        List<String> services = selected.equals("all") ? SERVICES : List.of(selected.split(","));
        for (String service : services) {
            if (!SERVICES.contains(service)) {
                throw new IllegalArgumentException("no service " + service + "; one of " + SERVICES);
            }
            JibContainer image = build(ServiceImage.of(repository, service), required(options, "from"),
                    required(options, "to"), required(options, "tag"), null);
            System.out.println(service + ": " + image.getTargetImage() + " " + image.getDigest());
        }
    }

    /**
     * Builds {@code image} on {@code from} to {@code to} ({@code <prefix>/<service>:<tag>}, or a tarball below
     * {@code tar:DIR}). {@code cacheDir}: Jib's layer caches ({@code null}: Jib's default under the user's home).
     */
    static JibContainer build(ServiceImage image, String from, String to, String tag, Path cacheDir)
            throws InvalidImageReferenceException, IOException, InterruptedException, RegistryException,
            CacheDirectoryCreationException, ExecutionException {
        String name = "podbench/" + image.service() + ":" + tag;
        Containerizer containerizer;
        boolean toTar = to.startsWith(TAR_PREFIX);
        if (toTar) {
            Path dir = Path.of(to.substring(TAR_PREFIX.length()));
            Files.createDirectories(dir);
            containerizer = Containerizer.to(TarImage.at(dir.resolve(image.service() + ".tar")).named(name));
        } else {
            ImageReference target = ImageReference.parse(to + "/" + image.service() + ":" + tag);
            containerizer = Containerizer.to(RegistryImage.named(target).addCredentialRetriever(
                    CredentialRetrieverFactory.forImage(target, ServiceImages::log).dockerConfig()));
        }
        // a base from a tarball and a tarball out: nothing to ask a registry
        containerizer.setOfflineMode(toTar && from.startsWith("tar://")).setToolName("podbench-images")
                .addEventHandler(LogEvent.class, ServiceImages::log);
        if (cacheDir != null) {
            containerizer.setBaseImageLayersCache(cacheDir.resolve("base")).setApplicationLayersCache(cacheDir.resolve("app"));
        }
        return image.addTo(Jib.from(from)).containerize(containerizer);
    }

    private static void log(LogEvent event) {
        if (event.getLevel() == LogEvent.Level.ERROR || event.getLevel() == LogEvent.Level.WARN
                || event.getLevel() == LogEvent.Level.LIFECYCLE) {
            System.out.println("[jib] " + event.getMessage());
        }
    }

    private static String required(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return value;
    }
}
