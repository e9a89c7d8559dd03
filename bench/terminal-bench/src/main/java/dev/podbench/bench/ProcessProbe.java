package dev.podbench.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the benchmark reads of a process and of the machine: /proc, the gateway's metrics and its GC log. */
final class ProcessProbe {

    private ProcessProbe() {
    }

    static String threads(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("Threads:")) {
                return line.replaceAll("\\D", "");
            }
        }
        return "?";
    }

    /** Waits (at most 2 minutes) until the CPUs were less than a quarter busy for two seconds in a row. */
    static double awaitQuietCpu() throws IOException, InterruptedException {
        long start = System.nanoTime();
        long[] previous = cpuTicks();
        int quietSeconds = 0;
        while (quietSeconds < 2 && System.nanoTime() - start < TimeUnit.MINUTES.toNanos(2)) {
            Thread.sleep(1000);
            long[] current = cpuTicks();
            double busy = (double) (current[0] - previous[0]) / Math.max(1, current[1] - previous[1]);
            quietSeconds = busy < 0.25 ? quietSeconds + 1 : 0;
            previous = current;
        }
        return (System.nanoTime() - start) / 1e9;
    }

    /** Busy and total jiffies of all CPUs (first line of /proc/stat). */
    static long[] cpuTicks() throws IOException {
        String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
        long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
        long total = 0;
        for (int i = 1; i < Math.min(f.length, 9); i++) {
            total += Long.parseLong(f[i]);
        }
        return new long[] { total - idle, total };
    }

    /** The machine's load average (1, 5, 15 minutes): on 2 shared cores it explains the latencies more than anything. */
    static String load() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " / " + f[1] + " / " + f[2];
        } catch (IOException e) {
            return "?";
        }
    }

    /** Committed heap and the RSS split by kind (anonymous: heap, stacks, malloc; file: mapped jars and libraries). */
    static String memory(long pid) throws IOException {
        String anon = "?";
        String file = "?";
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("RssAnon:")) {
                anon = mib(Long.parseLong(line.replaceAll("\\D", "")) * 1024);
            } else if (line.startsWith("RssFile:")) {
                file = mib(Long.parseLong(line.replaceAll("\\D", "")) * 1024);
            }
        }
        return "RSS anonymous " + anon + " + file " + file;
    }

    /** The gateway's GC pauses (from its -Xlog:gc file) between start() and summary(). */
    record GcWindow(Path log, int fromLine) {
        static GcWindow start(Path log) throws IOException {
            return new GcWindow(log, Files.readAllLines(log).size());
        }

        String summary() throws IOException {
            List<String> lines = Files.readAllLines(log);
            Pattern pause = Pattern.compile("Pause.* ([0-9.]+)ms$");
            int count = 0;
            double max = 0;
            double total = 0;
            for (String line : lines.subList(Math.min(fromLine, lines.size()), lines.size())) {
                Matcher m = pause.matcher(line);
                if (m.find()) {
                    double ms = Double.parseDouble(m.group(1));
                    count++;
                    total += ms;
                    max = Math.max(max, ms);
                }
            }
            return String.format("%d pauses, %.1f ms in all, longest %.1f ms", count, total, max);
        }
    }

    static long rssBytes(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
            }
        }
        return -1;
    }

    static double heapUsedBytes(int port) throws Exception {
        Matcher m = Pattern.compile("(?m)^jvm_memory_used_bytes\\{area=\"heap\"[^}]*\\} ([0-9.E+]+)")
                .matcher(httpGet(port, "/q/metrics"));
        double sum = 0;
        while (m.find()) {
            sum += Double.parseDouble(m.group(1));
        }
        return sum;
    }

    static String httpGet(int port, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    static String mib(long bytes) {
        return String.format("%.0f MiB", bytes / 1024.0 / 1024.0);
    }
}
