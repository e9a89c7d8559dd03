package dev.podbench.local;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * One of the six services as the launcher runs it.
 *
 * @param name     module directory and display name
 * @param database its own PostgreSQL database (the terminal gateway's holds only its connection audit); none for the
 *                 web-ui, which owns no data
 * @param port     its HTTP port on 127.0.0.1
 */
record LocalService(String name, Optional<String> database, int port) {

    static List<LocalService> all(LauncherOptions options) {
        int first = options.firstServicePort();
        return List.of(
                new LocalService("session-service", Optional.of("podbench_session"), first),
                new LocalService("terminal-gateway", Optional.of("podbench_terminal"), first + 1),
                new LocalService("chat-gateway", Optional.of("podbench_chat"), first + 2),
                new LocalService("pr-tracker", Optional.of("podbench_pr"), first + 3),
                new LocalService("cost-service", Optional.of("podbench_cost"), first + 4),
                new LocalService("web-ui", Optional.empty(), options.uiPort()));
    }

    /** pr-tracker asks the Git hosts; the gateways detect pull request URLs on them. */
    boolean knowsGitHosts() {
        return name.equals("pr-tracker") || name.equals("terminal-gateway") || name.equals("chat-gateway");
    }

    Path runner(Path root) {
        return root.resolve(name).resolve("target/quarkus-app/quarkus-run.jar");
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }
}
