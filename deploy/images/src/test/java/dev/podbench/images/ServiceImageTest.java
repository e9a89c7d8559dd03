package dev.podbench.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Builds a real service image offline (Jib, from a tiny base image tarball made here, into an image tarball) and
 * reads back what a container runtime would: user, entrypoint, port, layers. Pulling the real JRE base and pushing
 * need a registry, which this machine cannot reach.
 */
class ServiceImageTest {

    static final Path REPOSITORY = Path.of("../..").toAbsolutePath().normalize();
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static Map<String, byte[]> image;
    static JsonNode config;

    @BeforeAll
    static void buildOneServiceImage() throws Exception {
        Path base = dir.resolve("base.tar");
        writeBaseImage(base);
        Path app = fakeQuarkusApp(dir.resolve("quarkus-app"));
        ServiceImage service = new ServiceImage("pr-tracker", app,
                ServiceImage.of(REPOSITORY, "pr-tracker").port());

        ServiceImages.build(service, "tar://" + base, "tar:" + dir.resolve("out"), "0.1.0", dir.resolve("cache"));

        image = readTar(Files.newInputStream(dir.resolve("out/pr-tracker.tar")));
        JsonNode manifest = JSON.readTree(image.get("manifest.json")).get(0);
        assertThat(manifest.get("RepoTags").get(0).asText()).isEqualTo("podbench/pr-tracker:0.1.0");
        config = JSON.readTree(image.get(manifest.get("Config").asText()));
    }

    @Test
    void runsTheFastJarAsTheNonRootUserOfTheManifestsOnTheServicesPort() throws IOException {
        JsonNode container = config.get("config");
        assertThat(container.get("User").asText()).isEqualTo(ServiceImage.USER);
        assertThat(JSON.convertValue(container.get("Entrypoint"), List.class))
                .containsExactlyElementsOf(new ServiceImage("x", null, 1).entrypoint())
                .endsWith("-jar", "/deployments/quarkus-run.jar");
        assertThat(container.get("WorkingDir").asText()).isEqualTo("/deployments");
        assertThat(container.get("ExposedPorts").fieldNames()).toIterable().containsExactly("8084/tcp");
        // the base image's environment is kept (PATH finds java)
        assertThat(container.get("Env").toString()).contains("PATH=");

        // deploy/k8s runs every service as this user: a different one would fail runAsNonRoot checks or file access
        String hardening = Files.readString(REPOSITORY.resolve("deploy/k8s/base/services/deployment-hardening.yaml"));
        Matcher runAsUser = Pattern.compile("runAsUser: (\\d+)").matcher(hardening);
        assertThat(runAsUser.find()).isTrue();
        assertThat(runAsUser.group(1)).isEqualTo(ServiceImage.USER);
    }

    @Test
    void theApplicationIsLayeredRarelyChangingFirstAndWithoutTheBuildsClassDataArchive() throws IOException {
        JsonNode manifest = JSON.readTree(image.get("manifest.json")).get(0);
        List<String> layers = JSON.convertValue(manifest.get("Layers"), List.class);
        assertThat(layers).hasSize(1 + 4);
        List<List<String>> files = new ArrayList<>();
        for (String layer : layers) {
            byte[] bytes = image.get(layer);
            InputStream in = new java.io.ByteArrayInputStream(bytes);
            boolean gzip = bytes.length > 2 && (bytes[0] & 0xff) == 0x1f && (bytes[1] & 0xff) == 0x8b;
            files.add(new ArrayList<>(readTar(gzip ? new GZIPInputStream(in) : in).keySet()));
        }
        assertThat(files.get(0)).contains("etc/base-image");
        assertThat(files.get(1)).contains("deployments/lib/boot/boot.jar");
        assertThat(files.get(2)).contains("deployments/lib/main/dependency.jar");
        assertThat(files.get(3)).contains("deployments/quarkus-run.jar", "deployments/quarkus/generated-bytecode.jar");
        assertThat(files.get(4)).contains("deployments/app/pr-tracker.jar");
        assertThat(files).flatMap(f -> f).noneMatch(f -> f.endsWith(ServiceImage.CLASS_DATA_ARCHIVE));
    }

    @Test
    void everyServiceHasAnImageAndTheManifestsUseIt() throws IOException {
        for (String service : ServiceImages.SERVICES) {
            ServiceImage image = ServiceImage.of(REPOSITORY, service);
            String manifest = Files.readString(REPOSITORY.resolve("deploy/k8s/base/services/" + service + ".yaml"));
            assertThat(manifest).as(service).contains("image: podbench/" + service + "\n")
                    .contains("containerPort: " + image.port() + "\n");
            assertThat(image.quarkusApp()).isEqualTo(REPOSITORY.resolve(service + "/target/quarkus-app"));
        }
    }

    @Test
    void anUnbuiltServiceIsReportedClearly() {
        assertThatThrownBy(() -> new ServiceImage("cost-service", dir.resolve("nothing"), 8085)
                .addTo(com.google.cloud.tools.jib.api.Jib.fromScratch()))
                .hasMessageContaining("quarkus-run.jar is missing: package cost-service first");
    }

    private static Path fakeQuarkusApp(Path app) throws IOException {
        Map<String, String> files = Map.of(
                "lib/boot/boot.jar", "boot",
                "lib/main/dependency.jar", "dependency",
                "quarkus/generated-bytecode.jar", "generated",
                "quarkus-run.jar", "runner",
                "app/pr-tracker.jar", "application",
                ServiceImage.CLASS_DATA_ARCHIVE, "archive of the build's JVM");
        for (var file : files.entrySet()) {
            Path path = app.resolve(file.getKey());
            Files.createDirectories(path.getParent());
            Files.writeString(path, file.getValue());
        }
        return app;
    }

    /** A one-layer image in `docker save` form: what Jib's tar:// base reads. */
    private static void writeBaseImage(Path tar) throws IOException, NoSuchAlgorithmException {
        ByteArrayOutputStream layer = new ByteArrayOutputStream();
        try (TarArchiveOutputStream out = new TarArchiveOutputStream(layer)) {
            add(out, "etc/base-image", "tiny base made by ServiceImageTest\n".getBytes(StandardCharsets.UTF_8));
        }
        String diffId = "sha256:" + HexFormat.of().formatHex(
                MessageDigest.getInstance("SHA-256").digest(layer.toByteArray()));
        String config = """
                {"architecture":"amd64","os":"linux","config":{"Env":["PATH=/opt/java/bin:/usr/bin:/bin"]},
                 "rootfs":{"type":"layers","diff_ids":["%s"]}}""".formatted(diffId);
        String manifest = """
                [{"Config":"config.json","RepoTags":["tiny-base:1"],"Layers":["layer.tar"]}]""";
        try (OutputStream file = Files.newOutputStream(tar); TarArchiveOutputStream out = new TarArchiveOutputStream(file)) {
            add(out, "manifest.json", manifest.getBytes(StandardCharsets.UTF_8));
            add(out, "config.json", config.getBytes(StandardCharsets.UTF_8));
            add(out, "layer.tar", layer.toByteArray());
        }
    }

    private static void add(TarArchiveOutputStream out, String name, byte[] content) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name);
        entry.setSize(content.length);
        out.putArchiveEntry(entry);
        out.write(content);
        out.closeArchiveEntry();
    }

    private static Map<String, byte[]> readTar(InputStream stream) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(stream)) {
            TarArchiveEntry entry;
            while ((entry = in.getNextEntry()) != null) {
                if (!entry.isDirectory()) {
                    entries.put(entry.getName().replaceFirst("^/", "").replaceFirst("^\\./", ""), in.readAllBytes());
                }
            }
        }
        return entries;
    }
}
