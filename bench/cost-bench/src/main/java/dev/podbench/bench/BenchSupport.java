package dev.podbench.bench;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** What both cost benchmarks need: {@code --key=value} options and percentiles. */
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

    private BenchSupport() {
    }
}
