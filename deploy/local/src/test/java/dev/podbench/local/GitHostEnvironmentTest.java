package dev.podbench.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class GitHostEnvironmentTest {

    private static final Map<String, String> LAUNCHER = Map.of(
            "PODBENCH_PR_GITHUB_API_URL", "https://ghe.corp/api/v3",
            "PODBENCH_PR_GITHUB_TOKEN", "ghp_secret",
            "PODBENCH_PR_GITLAB_WEB_URL", "none",
            "PODBENCH_PR_HOSTS_MIRROR_WEB_URL", "http://127.0.0.1:9000",
            "PODBENCH_PR_TRACKER_URL", "http://elsewhere",
            "HOME", "/home/x");

    @Test
    void prTrackerAndTheGatewaysGetTheGitHostSettingsOnly() {
        Map<String, String> expected = Map.of(
                "PODBENCH_PR_GITHUB_API_URL", "https://ghe.corp/api/v3",
                "PODBENCH_PR_GITHUB_TOKEN", "ghp_secret",
                "PODBENCH_PR_GITLAB_WEB_URL", "none",
                "PODBENCH_PR_HOSTS_MIRROR_WEB_URL", "http://127.0.0.1:9000");
        for (String name : new String[] { "pr-tracker", "terminal-gateway", "chat-gateway" }) {
            assertEquals(expected, GitHostEnvironment.forService(service(name), LAUNCHER), name);
        }
    }

    @Test
    void theOtherServicesGetNoneNotEvenAToken() {
        for (String name : new String[] { "session-service", "cost-service", "web-ui" }) {
            assertEquals(Map.of(), GitHostEnvironment.forService(service(name), LAUNCHER), name);
        }
    }

    @Test
    void theLaunchersOwnServiceUrlsAreNoGitHostSettings() {
        assertTrue(GitHostEnvironment.isGitHostKey("PODBENCH_PR_GITLAB_TOKEN"));
        assertFalse(GitHostEnvironment.isGitHostKey("PODBENCH_PR_TRACKER_URL"));
        assertFalse(GitHostEnvironment.isGitHostKey("PODBENCH_PR_GITHUB"));
    }

    private static LocalService service(String name) {
        return new LocalService(name, Optional.empty(), 8081);
    }
}
