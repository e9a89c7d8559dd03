package dev.podbench.local;

import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The Git host settings of the launcher's own environment ({@code PODBENCH_PR_GITHUB_*}, {@code PODBENCH_PR_GITLAB_*},
 * {@code PODBENCH_PR_HOSTS_<NAME>_*}; libs/events {@code GitHostsConfig}), handed to the services that need them —
 * pr-tracker, which asks the hosts, and the gateways, whose detection knows them — and kept from the others. Tokens
 * travel in the environment only, never on a command line, and are never printed.
 */
final class GitHostEnvironment {

    private static final Pattern KEY = Pattern.compile("PODBENCH_PR_(GITHUB|GITLAB|HOSTS)_[A-Z0-9_]+");

    private GitHostEnvironment() {
    }

    static boolean isGitHostKey(String name) {
        return KEY.matcher(name).matches();
    }

    /** The Git host variables of {@code environment}, for {@code service}; none for a service that needs none. */
    static Map<String, String> forService(LocalService service, Map<String, String> environment) {
        Map<String, String> selected = new TreeMap<>();
        if (service.knowsGitHosts()) {
            environment.forEach((name, value) -> {
                if (isGitHostKey(name)) {
                    selected.put(name, value);
                }
            });
        }
        return selected;
    }
}
