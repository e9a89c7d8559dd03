package dev.podbench.local;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A service JVM started by the launcher, its log file and its health. */
final class ServiceProcess {

    private static final Path SETPRIV = Path.of("/usr/bin/setpriv");
    /**
     * The class-data-sharing archive the build writes beside each service ({@code quarkus.package.jar.appcds}): the
     * classes the service loads while it initialises, already parsed and verified. Six JVMs boot at once on a small
     * machine and class loading is a good part of their CPU, so mapping it saves about a third of every start.
     * A JVM that cannot use it (another JDK than the build's) ignores it; the CDS logging is off so that this is
     * silent.
     */
    static final String STARTUP_ARCHIVE = "app-cds.jsa";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private final LocalService service;
    private final Path runner;
    private final Path logFile;
    private final Map<String, String> environment;
    private Process process;
    private int restarts;

    ServiceProcess(LocalService service, Path runner, Path logFile, Map<String, String> environment) {
        this.service = service;
        this.runner = runner;
        this.logFile = logFile;
        this.environment = environment;
    }

    LocalService service() {
        return service;
    }

    Path logFile() {
        return logFile;
    }

    int restarts() {
        return restarts;
    }

    /** Must be called from the launcher's main thread: the child's parent-death signal is tied to that thread. */
    void start() throws IOException {
        List<String> command = new ArrayList<>();
        if (Files.isExecutable(SETPRIV)) {
            // If the launcher is killed outright (kill -9) its services must not live on as orphans.
            command.addAll(List.of(SETPRIV.toString(), "--pdeathsig", "TERM", "--"));
        }
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // C1 only, the terminal gateway included: six JVMs share a laptop's cores at start and need far less CPU
        // that way, and later the optimising compiler's bursts took a whole core from the interactive path (echo
        // p99 on two cores: ~6-8 ms with C2, under 5 ms without). No service here needs peak code: the gateway
        // moves what tmux has already condensed to a screen's worth of bytes.
        // The heap starts with room for what a start allocates: from 16 MB it was resized by full collections and a
        // small young generation was collected ~30 times (1-2 s of each service's start); the metaspace threshold
        // is above what a service's classes take, so loading them triggers no full collection either.
        // bench/terminal-bench runs the gateway with these options too (its DEFAULT_JVM): change both.
        List<String> jvmOptions = new ArrayList<>(List.of("-XX:+UseSerialGC", "-Xms96m", "-Xmn32m", "-Xmx512m",
                "-XX:MetaspaceSize=96m", "-XX:MaxMetaspaceSize=256m", "-XX:ReservedCodeCacheSize=96m", "-Xss512k",
                "-XX:TieredStopAtLevel=1"));
        Path archive = runner.resolveSibling(STARTUP_ARCHIVE);
        if (Files.isRegularFile(archive)) {
            jvmOptions.addAll(List.of("-XX:SharedArchiveFile=" + archive, "-Xlog:cds=off", "-Xlog:cds+dynamic=off"));
        }
        command.addAll(jvmOptions);
        command.addAll(List.of("-Dquarkus.profile=local", "-jar", runner.toString()));
        Files.createDirectories(logFile.getParent());
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(runner.getParent().toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        // the launcher's own Git host settings (tokens) reach only the services given them in `environment`
        builder.environment().keySet().removeIf(GitHostEnvironment::isGitHostKey);
        builder.environment().putAll(environment);
        process = builder.start();
    }

    void restart() throws IOException {
        restarts++;
        start();
    }

    boolean isAlive() {
        return process != null && process.isAlive();
    }

    int exitCode() {
        return process.exitValue();
    }

    long pid() {
        return process.pid();
    }

    boolean isHealthy() {
        // Until Quarkus listens a connection attempt is all it takes to know; a health request runs every check.
        if (!isListening()) {
            return false;
        }
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(service.url() + "/q/health/ready"))
                    .timeout(Duration.ofSeconds(2)).GET().build();
            return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private boolean isListening() {
        try (SocketChannel channel = SocketChannel.open()) {
            channel.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), service.port()));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Asks the service to stop (SIGTERM: Quarkus shuts down gracefully). */
    void requestStop() {
        if (process != null) {
            process.destroy();
        }
    }

    /** Waits for the process to end, killing it when it takes longer than the grace period. */
    void awaitStop(Duration grace) throws InterruptedException {
        if (process == null) {
            return;
        }
        if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        }
    }

    String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(logFile);
            return String.join(System.lineSeparator(), all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}
