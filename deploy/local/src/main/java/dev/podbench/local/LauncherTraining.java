package dev.podbench.local;

import dev.podbench.embedded.KafkaBroker;
import dev.podbench.embedded.LocalTokens;
import dev.podbench.embedded.PostgresServer;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The build's training run, for a fast first start. It writes the database template, the stopped cluster with the
 * services' databases that a new home's PostgreSQL starts as a copy of (no initdb at the first {@code ./podbench up}); then it
 * does once, on throw-away data and free ports, what {@code ./podbench up} does before its services run (a signing
 * key and a token, PostgreSQL from the template, the Kafka broker with the topics, a health probe) and stops. Run
 * with {@code -XX:ArchiveClassesAtExit}, the JVM writes the classes all of that loaded (the broker's alone are
 * thousands) to the class-data-sharing archive that {@code ./podbench} maps: they are not parsed and verified again
 * at every start.
 */
public final class LauncherTraining {

    private LauncherTraining() {
    }

    public static void main(String[] args) throws Exception {
        Path home = Files.createTempDirectory("podbench-training-");
        try {
            LocalTokens tokens = LocalTokens.loadOrCreate(home.resolve("keys"));
            tokens.issue("training", "training", Set.of(LocalTokens.USER_GROUP), Duration.ofMinutes(1));
            LauncherOptions options = LauncherOptions.parse(List.of("up"), Map.of("PODBENCH_HOME", home.toString()));
            writeDatabaseTemplate(options);
            try (PostgresServer postgres = PostgresServer.start(home.resolve("postgres"), 0,
                         PodbenchLauncher.databaseTemplate(options.root()));
                 KafkaBroker kafka = KafkaBroker.start(home.resolve("kafka"), 0, 0)) {
                PodbenchLauncher.createDatabases(postgres, options);
                PodbenchLauncher.createTopics(kafka);
                probe(postgres.port());
            }
        } finally {
            PodbenchLauncher.deleteTree(home);
        }
    }

    /** The cluster a new home's PostgreSQL starts from: initialised, with the services' databases, stopped. */
    private static void writeDatabaseTemplate(LauncherOptions options) throws IOException {
        Path template = PodbenchLauncher.databaseTemplate(options.root());
        PodbenchLauncher.deleteTree(template);
        try (PostgresServer postgres = PostgresServer.start(template, 0)) {
            PodbenchLauncher.createDatabases(postgres, options);
        }
    }

    /** The launcher's health request, against a port that answers no HTTP. */
    private static void probe(int port) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        try {
            http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready"))
                    .timeout(Duration.ofSeconds(1)).GET().build(), HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            // expected: PostgreSQL does not speak HTTP
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
