package dev.podbench.local;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Command line of {@code ./podbench up}. Every option also has an environment variable so a
 * wrapper script or a systemd unit can set it.
 */
record LauncherOptions(Path home, Path root, int uiPort, int firstServicePort, int postgresPort, int kafkaPort,
        boolean help) {

    static final String USAGE = """
            Usage: ./podbench up [options]

            Starts Podbench on this machine: an embedded PostgreSQL, an in-process Kafka broker and the
            six services (local workspace runtime, real PTYs), all bound to 127.0.0.1. Ctrl-C stops everything.

            Options:
              --home DIR            where all data lives (env PODBENCH_HOME, default ~/.podbench)
              --port N              the dashboard port (env PODBENCH_PORT, default 8080)
              --services-port N     first port of the five backend services, which take N..N+4
                                    (env PODBENCH_SERVICES_PORT, default 8081)
              --postgres-port N     embedded PostgreSQL (env PODBENCH_POSTGRES_PORT, default 15432)
              --kafka-port N        Kafka broker; N+1 is its controller (env PODBENCH_KAFKA_PORT, default 19092)
              -h, --help            this text
            """;

    static LauncherOptions parse(List<String> args, Map<String, String> env) {
        Path home = Path.of(env.getOrDefault("PODBENCH_HOME", System.getProperty("user.home") + "/.podbench"));
        Path root = Path.of(System.getProperty("podbench.root", ".")).toAbsolutePath().normalize();
        int uiPort = port(env.get("PODBENCH_PORT"), 8080, "PODBENCH_PORT");
        int servicesPort = port(env.get("PODBENCH_SERVICES_PORT"), 8081, "PODBENCH_SERVICES_PORT");
        int postgresPort = port(env.get("PODBENCH_POSTGRES_PORT"), 15432, "PODBENCH_POSTGRES_PORT");
        int kafkaPort = port(env.get("PODBENCH_KAFKA_PORT"), 19092, "PODBENCH_KAFKA_PORT");
        boolean help = false;
        List<String> rest = new ArrayList<>(args);
        if (!rest.isEmpty() && rest.get(0).equals("up")) {
            rest.remove(0);
        }
        for (int i = 0; i < rest.size(); i++) {
            String arg = rest.get(i);
            switch (arg) {
                case "-h", "--help" -> help = true;
                case "--home" -> home = Path.of(value(rest, ++i, arg));
                case "--port" -> uiPort = port(value(rest, ++i, arg), 0, arg);
                case "--services-port" -> servicesPort = port(value(rest, ++i, arg), 0, arg);
                case "--postgres-port" -> postgresPort = port(value(rest, ++i, arg), 0, arg);
                case "--kafka-port" -> kafkaPort = port(value(rest, ++i, arg), 0, arg);
                default -> throw new IllegalArgumentException("unknown option: " + arg + " (see --help)");
            }
        }
        return new LauncherOptions(home.toAbsolutePath().normalize(), root, uiPort, servicesPort, postgresPort,
                kafkaPort, help);
    }

    private static String value(List<String> args, int index, String option) {
        if (index >= args.size()) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args.get(index);
    }

    private static int port(String text, int fallback, String name) {
        if (text == null || text.isBlank()) {
            return fallback;
        }
        try {
            int port = Integer.parseInt(text.trim());
            if (port < 1 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a port number (1-65535), not '" + text + "'");
        }
    }
}
