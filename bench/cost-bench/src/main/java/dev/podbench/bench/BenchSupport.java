package dev.podbench.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** What both cost benchmarks need: {@code --key=value} options, percentiles, packaged services as child JVMs. */
final class BenchSupport {

    /** The {@code --key=value} arguments; anything else is answered with {@code usage}. */
    static Map<String, String> options(String[] args, String usage) {
        Map<String, String> options = new HashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (!arg.startsWith("--") || eq < 0) {
                throw new IllegalArgumentException("usage: " + usage);
            }
            options.put(arg.substring(2, eq), arg.substring(eq + 1));
        }
        return options;
    }

    /** The nearest-rank percentile {@code p} of ascending {@code sorted}. */
    static double percentile(List<Double> sorted, int p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }

    /**
     * Starts a packaged Quarkus service ({@code quarkus-run.jar}) with {@code -Xmx256m} and {@code env}, its output to
     * {@code log}; {@code cleanup} gets what stops it (gracefully, forcibly after 20 s).
     */
    static Process startService(Path jar, Map<String, String> env, Path log, List<AutoCloseable> cleanup)
            throws IOException {
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-jar", jar.toAbsolutePath().toString()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putAll(env);
        Process process = builder.start();
        cleanup.add(() -> {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        });
        return process;
    }

    private BenchSupport() {
    }
}
