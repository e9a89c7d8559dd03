package dev.podbench.images;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

import com.google.cloud.tools.jib.api.JibContainerBuilder;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.Port;

/**
 * A service's image: its Quarkus fast-jar ({@code <service>/target/quarkus-app}) on a JRE base image, run as the
 * non-root user the Kubernetes manifests require, listening on the service's {@code quarkus.http.port}.
 *
 * <p>Four layers, the rarely changing first, so a new build of a service pushes only what changed: the launcher's
 * boot libraries, the dependencies, Quarkus' generated code with the runner jar, the application. The class-data
 * sharing archive ({@code app-cds.jsa}) stays out: it is only valid for the JVM that wrote it.
 */
public record ServiceImage(String service, Path quarkusApp, int port) {

    /** The user id every Podbench service runs as (deploy/k8s: {@code runAsUser}). */
    public static final String USER = "185";
    public static final String APP_DIR = "/deployments";
    /** Written by the build for the build's JVM only. */
    static final String CLASS_DATA_ARCHIVE = "app-cds.jsa";

    /** The service in {@code repository}: its built application and its port. */
    public static ServiceImage of(Path repository, String service) {
        Path module = repository.resolve(service);
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(module.resolve("src/main/resources/application.properties"))) {
            properties.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + service + "'s application.properties", e);
        }
        String port = properties.getProperty("quarkus.http.port");
        if (port == null) {
            throw new IllegalStateException(service + " sets no quarkus.http.port");
        }
        return new ServiceImage(service, module.resolve("target/quarkus-app"), Integer.parseInt(port.strip()));
    }

    public List<String> entrypoint() {
        return List.of("java", "-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError",
                "-Djava.util.logging.manager=org.jboss.logmanager.LogManager", "-jar", APP_DIR + "/quarkus-run.jar");
    }

    /** {@code base} with this service's layers and settings. */
    public JibContainerBuilder addTo(JibContainerBuilder base) {
        if (!Files.isRegularFile(quarkusApp.resolve("quarkus-run.jar"))) {
            throw new IllegalStateException(quarkusApp + "/quarkus-run.jar is missing: package " + service + " first");
        }
        return base
                .addFileEntriesLayer(layer("boot-libraries", "lib/boot"))
                .addFileEntriesLayer(layer("dependencies", "lib/main"))
                .addFileEntriesLayer(layer("quarkus", "quarkus", "quarkus-run.jar", "quarkus-app-dependencies.txt"))
                .addFileEntriesLayer(layer("application", "app"))
                .setUser(USER)
                .setWorkingDirectory(AbsoluteUnixPath.get(APP_DIR))
                .setEntrypoint(entrypoint())
                .setProgramArguments(List.of())
                .setExposedPorts(Port.tcp(port))
                .addLabel("org.opencontainers.image.title", "podbench-" + service);
    }

    private FileEntriesLayer layer(String name, String... paths) {
        FileEntriesLayer.Builder layer = FileEntriesLayer.builder().setName(name);
        for (String path : paths) {
            Path source = quarkusApp.resolve(path);
            if (!Files.exists(source)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(source)) {
                files.filter(Files::isRegularFile)
                        .filter(file -> !file.getFileName().toString().equals(CLASS_DATA_ARCHIVE))
                        .sorted(Comparator.naturalOrder())
                        .forEach(file -> layer.addEntry(file, AbsoluteUnixPath.get(APP_DIR)
                                .resolve(quarkusApp.relativize(file).toString().replace('\\', '/'))));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return layer.build();
    }
}
