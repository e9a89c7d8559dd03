package dev.podbench.local;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Class-data-sharing archives that make every start after the first one cheaper: six JVMs boot at once on a
 * small machine, and loading and verifying their classes is a good part of the CPU they need. A service without
 * an archive is started able to record one ({@code -XX:+RecordDynamicDumpInfo}); once everything is healthy the
 * archive is dumped with {@code jcmd <pid> VM.cds dynamic_dump} in the background, and later starts map it with
 * {@code -XX:SharedArchiveFile}. An archive belongs to one build of a service on one JVM: its file name carries a
 * fingerprint of both, so a rebuilt service or another JDK simply records a new one.
 */
final class StartupArchives {

    private static final long DUMP_TIMEOUT_SECONDS = 120;

    private final Path directory;
    private final Path jcmd;
    private final PrintStream log;
    private volatile Process dumping;
    private volatile boolean cancelled;

    StartupArchives(Path directory, Path javaHome, PrintStream log) {
        this.directory = directory;
        Path candidate = javaHome.resolve("bin").resolve("jcmd");
        this.jcmd = Files.isExecutable(candidate) ? candidate : null;
        this.log = log;
    }

    /**
     * How a service start uses its archive.
     *
     * @param jvmOptions the options mapping the archive, or preparing to record one
     * @param archive    where the service's archive is (or will be)
     * @param records    whether the archive is still to be recorded from this start
     */
    record Use(List<String> jvmOptions, Path archive, boolean records) {
    }

    // the JVM's own CDS messages (an unusable archive is skipped, a recording JVM exits without dumping) are noise
    private static final List<String> QUIET = List.of("-Xlog:cds=off", "-Xlog:cds+dynamic=off");

    /** Uses this service's archive, or prepares recording one when there is none yet. */
    Use use(LocalService service, Path applicationDirectory, List<String> otherOptions) {
        Path archive = directory.resolve(service.name() + "-" + fingerprint(applicationDirectory, otherOptions) + ".jsa");
        if (Files.isRegularFile(archive)) {
            return new Use(with("-XX:SharedArchiveFile=" + archive), archive, false);
        }
        return jcmd == null ? new Use(List.of(), archive, false)
                : new Use(with("-XX:+RecordDynamicDumpInfo"), archive, true);
    }

    private static List<String> with(String option) {
        List<String> options = new ArrayList<>(QUIET);
        options.add(0, option);
        return List.copyOf(options);
    }

    /** Dumps, one after the other on a background thread, the archives of the services that have none yet. */
    void recordMissing(List<ServiceProcess> processes) {
        List<ServiceProcess> recording = processes.stream().filter(p -> p.archiveUse().records()).toList();
        if (recording.isEmpty()) {
            return;
        }
        Thread recorder = new Thread(() -> recording.forEach(this::record), "podbench-startup-archives");
        recorder.setDaemon(true);
        recorder.setPriority(Thread.MIN_PRIORITY);
        recorder.start();
    }

    /** Stops a dump in progress: the launcher is shutting down. */
    void cancel() {
        cancelled = true;
        Process process = dumping;
        if (process != null) {
            process.destroyForcibly();
        }
    }

    private void record(ServiceProcess process) {
        if (cancelled || !process.isAlive()) {
            return;
        }
        Path target = process.archiveUse().archive();
        Path partial = target.resolveSibling(target.getFileName() + ".partial");
        try {
            Files.createDirectories(directory);
            Files.deleteIfExists(partial);
            Process dump = new ProcessBuilder(jcmd.toString(), String.valueOf(process.pid()), "VM.cds", "dynamic_dump",
                    partial.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            dumping = dump;
            boolean finished = dump.waitFor(DUMP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            dumping = null;
            if (!finished) {
                dump.destroyForcibly();
            }
            if (finished && dump.exitValue() == 0 && !cancelled && Files.size(partial) > 0) {
                Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
                removeOtherArchivesOf(process.service(), target);
            }
        } catch (IOException e) {
            log.println("podbench: no start-up archive for " + process.service().name() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            try {
                Files.deleteIfExists(partial);
            } catch (IOException ignored) {
                // a leftover partial file is replaced by the next attempt
            }
        }
    }

    /** Archives of earlier builds of the service are never used again. */
    private void removeOtherArchivesOf(LocalService service, Path current) throws IOException {
        if (!Files.isDirectory(directory)) {
            return;
        }
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith(service.name() + "-"))
                    .filter(f -> !f.equals(current)).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }

    /** Same build of the service (every file's path, size and time), same JVM, same options: same archive. */
    private static String fingerprint(Path applicationDirectory, List<String> otherOptions) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            List<String> facts = new ArrayList<>(List.of(System.getProperty("java.home"),
                    System.getProperty("java.vm.version")));
            facts.addAll(otherOptions);
            try (Stream<Path> files = Files.walk(applicationDirectory)) {
                for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                    facts.add(applicationDirectory.relativize(file) + ":" + Files.size(file) + ":"
                            + Files.getLastModifiedTime(file).toMillis());
                }
            }
            for (String fact : facts) {
                digest.update(fact.getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
            }
            return HexFormat.of().formatHex(digest.digest(), 0, 8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
