package dev.podbench.bench;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import dev.podbench.embedded.KafkaBroker;
import dev.podbench.embedded.LocalTokens;
import dev.podbench.embedded.PostgresServer;
import dev.podbench.events.CloudEvent;
import dev.podbench.events.EventJson;
import dev.podbench.events.Topics;
import dev.podbench.events.usage.UsageRecorded;
import dev.podbench.events.usage.UsageSource;

/**
 * cost-service at scale: (1) fills {@code podbench.usage} with a 90-day history (default 1,000,000 events), starts
 * cost-service from {@code cost-service/target/quarkus-app} and measures how fast it drains the topic into the
 * ledger (committed offsets), the totals it publishes and its resident memory meanwhile; (2) measures
 * {@code GET /api/costs} latency over the whole range with various groupBy.
 */
public final class CostBench {

    private static final String[] MODELS = { "claude-sonnet-4-5", "claude-opus-4-1", "claude-haiku-4-5" };
    private static final List<String> GROUP_BYS = List.of("day", "day,model", "week,source", "repository", "user",
            "month,repository", "model", "day,source", "session");

    public static void main(String[] args) throws Exception {
        Map<String, String> options = BenchSupport.options(args, "[--events=1000000] [--days=90] "
                + "[--turns-per-session=50] [--queries=200] [--tz=UTC,Europe/Berlin] "
                + "[--service-app=cost-service/target/quarkus-app] [--max-batch=<the service's default>] [--hold=0]");
        int events = Integer.parseInt(options.getOrDefault("events", "1000000"));
        int days = Integer.parseInt(options.getOrDefault("days", "90"));
        int turnsPerSession = Integer.parseInt(options.getOrDefault("turns-per-session", "50"));
        int queries = Integer.parseInt(options.getOrDefault("queries", "200"));
        // UTC reports read the daily rollup, other time zones the hourly one: each is measured
        List<String> zones = List.of(options.getOrDefault("tz", "UTC,Europe/Berlin").split(","));
        Path app = Path.of(options.getOrDefault("service-app", "cost-service/target/quarkus-app"));

        List<AutoCloseable> cleanup = new ArrayList<>();
        try {
            PostgresServer postgres = PostgresServer.start(null, 0);
            cleanup.add(postgres);
            postgres.createDatabase("podbench_cost");
            KafkaBroker kafka = KafkaBroker.start(null, 0, 0);
            cleanup.add(kafka);
            kafka.createTopics(Topics.all().stream().map(t -> KafkaBroker.TopicSpec.of(t.name(), t.compacted())).toList());

            long t0 = System.nanoTime();
            BigDecimal expectedTotal = fill(kafka.bootstrapServers(), events, days, turnsPerSession);
            System.out.printf("produced %,d usage events over %d days in %.1f s (total $%s)%n", events, days,
                    seconds(t0), expectedTotal.toPlainString());

            LocalTokens tokens = LocalTokens.ephemeral();
            Service service = start(app, postgres, kafka, tokens, options.get("max-batch"), cleanup);
            measureIngest(kafka.bootstrapServers(), service, postgres.dataDirectory(), events);
            String token = tokens.issue("bench", "bench", Set.of(LocalTokens.USER_GROUP, LocalTokens.ADMIN_GROUP),
                    Duration.ofHours(2));
            for (String zone : zones) {
                measureQueries(service, postgres.dataDirectory(), token, days, queries, zone, expectedTotal);
            }
            int hold = Integer.parseInt(options.getOrDefault("hold", "0"));
            if (hold > 0) {
                // time to look at the filled database, e.g. EXPLAIN ANALYZE with psql
                System.out.printf("holding %d s: PGPASSWORD=%s psql -h 127.0.0.1 -p %d -U %s podbench_cost; "
                        + "cost-service at %s, token %s%n", hold, postgres.password(), postgres.port(),
                        postgres.username(), service.url(), token);
                Thread.sleep(hold * 1000L);
            }
        } finally {
            Collections.reverse(cleanup);
            for (AutoCloseable c : cleanup) {
                c.close();
            }
        }
    }

    /** Sessions of {@code turnsPerSession} turns two minutes apart, starting at random times in the range. */
    private static BigDecimal fill(String bootstrap, int events, int days, int turnsPerSession) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(512 * 1024));
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        Random random = new Random(42);
        Instant rangeStart = LocalDate.now(ZoneOffset.UTC).minusDays(days - 1L).atStartOfDay().toInstant(ZoneOffset.UTC);
        long rangeSeconds = Duration.between(rangeStart, Instant.now()).toSeconds() - turnsPerSession * 120L;
        BigDecimal total = BigDecimal.ZERO;
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(),
                new ByteArraySerializer())) {
            String session = null;
            Instant sessionStart = null;
            String user = null;
            String repository = null;
            UsageSource source = null;
            for (int i = 0; i < events; i++) {
                int turn = i % turnsPerSession;
                if (turn == 0) {
                    session = "bench-session-" + (i / turnsPerSession);
                    sessionStart = rangeStart.plusSeconds((long) (random.nextDouble() * rangeSeconds));
                    user = "user-" + random.nextInt(50);
                    repository = "repo-" + random.nextInt(20);
                    source = random.nextInt(10) == 0 ? UsageSource.TASK : UsageSource.SESSION;
                }
                BigDecimal cost = BigDecimal.valueOf(1000 + random.nextInt(200_000), 6);
                total = total.add(cost);
                UsageRecorded usage = new UsageRecorded(session, source, repository, user,
                        MODELS[random.nextInt(MODELS.length)], cost, 1000 + random.nextInt(5000), random.nextInt(2000),
                        random.nextInt(50_000), random.nextInt(5000), "agent-" + session,
                        sessionStart.plusSeconds(turn * 120L));
                CloudEvent<UsageRecorded> event = CloudEvent.of("/podbench/bench", usage);
                producer.send(new ProducerRecord<>(Topics.USAGE, event.key(), EventJson.encode(event)));
            }
        }
        return total;
    }

    private static void measureIngest(String bootstrap, Service service, Path postgresData, int events)
            throws Exception {
        double cpuAtFirstCommit = 0;
        double postgresCpuAtFirstCommit = 0;
        TopicPartition usage = new TopicPartition(Topics.USAGE, 0);
        TopicPartition costs = new TopicPartition(Topics.COSTS, 0);
        long firstAt = 0;
        long firstOffset = 0;
        long maxRss = 0;
        long minRss = Long.MAX_VALUE;
        List<Long> rssSamples = new ArrayList<>();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(30);
            while (true) {
                OffsetAndMetadata committed = admin.listConsumerGroupOffsets("cost-service")
                        .partitionsToOffsetAndMetadata().get().get(usage);
                long offset = committed == null ? 0 : committed.offset();
                long now = System.nanoTime();
                if (firstAt == 0 && offset > 0) {
                    firstAt = now;
                    firstOffset = offset;
                    cpuAtFirstCommit = ingestCpuSeconds(service, postgresData);
                    postgresCpuAtFirstCommit = postgresCpuSeconds(postgresData);
                }
                if (firstAt != 0) {
                    long rss = service.rssKb();
                    rssSamples.add(rss);
                    maxRss = Math.max(maxRss, rss);
                    minRss = Math.min(minRss, rss);
                    // a timeline, so "flat" can be seen: one line every 20 samples (5 s)
                    if (rssSamples.size() % 20 == 1) {
                        System.out.printf("  t=%5.1f s committed=%,d RSS=%,d KiB%n", (now - firstAt) / 1e9, offset, rss);
                    }
                }
                if (offset >= events) {
                    double secs = (now - firstAt) / 1e9;
                    long published = admin.listOffsets(Map.of(costs, OffsetSpec.latest())).partitionResult(costs).get()
                            .offset();
                    System.out.printf("ingest: %,d events in %.1f s after the first commit = %,.0f events/s; "
                            + "%,d session totals published%n", events - firstOffset, secs,
                            (events - firstOffset) / secs, published);
                    System.out.printf("cost-service RSS while ingesting: min %,d KiB, max %,d KiB, last %,d KiB "
                            + "(%d samples)%n", minRss, maxRss, rssSamples.get(rssSamples.size() - 1), rssSamples.size());
                    // what the ingest costs whatever else the machine runs: CPU seconds of cost-service and PostgreSQL
                    double cpu = ingestCpuSeconds(service, postgresData) - cpuAtFirstCommit;
                    // the inverse of this CPU time is what the ingest does with one core to itself (the in-process
                    // broker's share not counted); the consumer overlaps decoding with the database write, so two
                    // idle cores can do somewhat more
                    System.out.printf("CPU used by cost-service + PostgreSQL meanwhile: %.1f s = %.0f µs per event, "
                            + "i.e. ~%,.0f events/s with the CPU to itself%n", cpu,
                            cpu * 1e6 / (events - firstOffset), (events - firstOffset) / cpu);
                    double postgresCpu = postgresCpuSeconds(postgresData) - postgresCpuAtFirstCommit;
                    System.out.printf("  of which PostgreSQL %.0f µs, cost-service %.0f µs per event%n",
                            postgresCpu * 1e6 / (events - firstOffset), (cpu - postgresCpu) * 1e6 / (events - firstOffset));
                    return;
                }
                if (now > deadline || !service.process().isAlive()) {
                    throw new IllegalStateException("ingest did not finish: committed " + offset + " of " + events);
                }
                Thread.sleep(250);
            }
        }
    }

    private static void measureQueries(Service service, Path postgresData, String token, int days, int queries,
            String zone, BigDecimal expectedTotal) throws Exception {
        String url = service.url();
        double cpuAtStart = 0;
        double postgresCpuAtStart = 0;
        HttpClient http = HttpClient.newHttpClient();
        LocalDate to = LocalDate.now(ZoneId.of(zone));
        LocalDate from = to.minusDays(days - 1L);
        List<Double> latencies = new ArrayList<>();
        Map<String, List<Double>> byGroupBy = new LinkedHashMap<>();
        for (int i = -10; i < queries; i++) {
            String groupBy = GROUP_BYS.get(Math.floorMod(i, GROUP_BYS.size()));
            URI uri = URI.create(url + "/api/costs?from=" + from + "&to=" + to + "&groupBy="
                    + URLEncoder.encode(groupBy, StandardCharsets.UTF_8) + "&tz=" + URLEncoder.encode(zone,
                    StandardCharsets.UTF_8));
            HttpRequest request = HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + token).build();
            long t0 = System.nanoTime();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            double ms = (System.nanoTime() - t0) / 1e6;
            if (response.statusCode() != 200) {
                throw new IllegalStateException(uri + " -> " + response.statusCode() + " " + response.body());
            }
            if (i == -10 && zone.equals("UTC") && !response.body().contains("\"totalCostUsd\":\"" + expectedTotal.toPlainString() + "\"")) {
                System.out.println("WARNING: total differs from the produced total " + expectedTotal.toPlainString()
                        + ": " + response.body().substring(0, Math.min(300, response.body().length())));
            }
            if (i >= 0) {
                latencies.add(ms);
                byGroupBy.computeIfAbsent(groupBy, g -> new ArrayList<>()).add(ms);
            }
            if (i == -1) {
                cpuAtStart = ingestCpuSeconds(service, postgresData);
                postgresCpuAtStart = postgresCpuSeconds(postgresData);
            }
        }
        Collections.sort(latencies);
        System.out.printf("GET /api/costs over %d days in %s, %d requests (groupBy %s): p50 %.1f ms, p95 %.1f ms, "
                + "p99 %.1f ms, max %.1f ms%n", days, zone, queries, GROUP_BYS, BenchSupport.percentile(latencies, 50),
                BenchSupport.percentile(latencies, 95), BenchSupport.percentile(latencies, 99),
                latencies.get(latencies.size() - 1));
        byGroupBy.forEach((groupBy, ms) -> {
            Collections.sort(ms);
            System.out.printf("  groupBy=%s: p50 %.1f ms, max %.1f ms%n", groupBy, BenchSupport.percentile(ms, 50),
                    ms.get(ms.size() - 1));
        });
        System.out.printf("CPU used by cost-service + PostgreSQL per request: %.0f ms (PostgreSQL %.0f ms)%n",
                (ingestCpuSeconds(service, postgresData) - cpuAtStart) * 1000 / queries,
                (postgresCpuSeconds(postgresData) - postgresCpuAtStart) * 1000 / queries);
    }

    /** CPU seconds (user + system) of cost-service and of the PostgreSQL server (postmaster and its backends). */
    private static double ingestCpuSeconds(Service service, Path postgresData) throws IOException {
        return cpuSeconds(service.process().pid()) + postgresCpuSeconds(postgresData);
    }

    /** CPU seconds (user + system) of the PostgreSQL server: postmaster and its backends. */
    private static double postgresCpuSeconds(Path postgresData) throws IOException {
        double total = 0;
        String data = postgresData.toString();
        try (var pids = Files.list(Path.of("/proc"))) {
            for (Path proc : pids.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                String cmdline;
                try {
                    cmdline = Files.readString(proc.resolve("cmdline")).replace('\0', ' ');
                } catch (IOException gone) {
                    continue;
                }
                if (cmdline.contains("postgres") && cmdline.contains(data)) {
                    long postmaster = Long.parseLong(proc.getFileName().toString());
                    total += cpuSeconds(postmaster);
                    for (ProcessHandle backend : ProcessHandle.of(postmaster).map(h -> h.descendants().toList())
                            .orElse(List.of())) {
                        total += cpuSeconds(backend.pid());
                    }
                }
            }
        }
        return total;
    }

    /** utime + stime of a process from /proc (clock ticks of 1/100 s); 0 if it is gone. */
    private static double cpuSeconds(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
        } catch (IOException | RuntimeException gone) {
            return 0;
        }
    }

    private record Service(String url, Process process) {
        long rssKb() throws IOException {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
            return -1;
        }
    }

    private static Service start(Path app, PostgresServer postgres, KafkaBroker kafka, LocalTokens tokens,
            String maxBatch, List<AutoCloseable> cleanup) throws Exception {
        Path jar = app.resolve("quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: ./mvnw -q -pl cost-service -am package -DskipTests");
        }
        Path log = Files.createTempFile("cost-bench-service-", ".log");
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Map<String, String> environment = new HashMap<>(postgres.serviceEnvironment("podbench_cost"));
        environment.putAll(Map.of(
                "QUARKUS_PROFILE", "local",
                "QUARKUS_HTTP_PORT", Integer.toString(port),
                "KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                "PODBENCH_TOKEN_PUBLIC_KEY", tokens.publicKeyBase64(),
                "QUARKUS_LOG_LEVEL", "WARN"));
        if (maxBatch != null) {
            environment.put("PODBENCH_COST_INGEST_MAX_BATCH", maxBatch);
        }
        Process process = BenchSupport.startService(jar, environment, log, cleanup);
        String url = "http://127.0.0.1:" + port;
        System.out.printf("cost-service pid %d at %s (log %s)%n", process.pid(), url, log);
        return new Service(url, process);
    }


    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

}
