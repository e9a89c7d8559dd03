package dev.podbench.testkit.agent;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Points a service's {@code podbench.chat.agent-command} at the {@link FakeClaudeAgentExecutable fake agent}
 * and gives it an API key, so the fake behaves as an authenticated CLI.
 */
public class FakeClaudeAgentResource implements QuarkusTestResourceLifecycleManager {

    /** The key the fake accepts; any non-blank value does. */
    public static final String API_KEY = "sk-ant-fake-test-key";

    @Override
    public Map<String, String> start() {
        return Map.of(
                "podbench.chat.agent-command", FakeClaudeAgentExecutable.path().toString(),
                "podbench.chat.api-key", API_KEY);
    }

    @Override
    public void stop() {
    }
}
