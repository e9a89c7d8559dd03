package dev.podbench.chat.agent;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.podbench.chat.config.ChatConfig;

/**
 * The agent's argv and environment. One process holds a whole conversation ({@code --input-format stream-json});
 * the credential travels in the environment only, so it never shows in {@code ps}, logs or the transcript.
 */
public final class AgentCommandLine {

    public static final String API_KEY_VARIABLE = "ANTHROPIC_API_KEY";

    /**
     * {@code --permission-prompt-tool stdio}: the agent asks on stdout ({@code control_request} {@code can_use_tool})
     * before a tool use its mode and rules do not cover, and waits for the chat's answer on stdin.
     */
    public static List<String> argv(ChatConfig config, String model, String resumeId, String permissionMode) {
        List<String> argv = new ArrayList<>(List.of(config.agentCommand(), "-p", "--input-format", "stream-json",
                "--output-format", "stream-json", "--verbose", "--model", model, "--permission-mode",
                permissionMode, "--permission-prompt-tool", "stdio"));
        if (resumeId != null) {
            argv.add("--resume");
            argv.add(resumeId);
        }
        return argv;
    }

    public static Map<String, String> env(ChatConfig config) {
        Map<String, String> env = new HashMap<>(config.agentEnv());
        config.apiKey().filter(key -> !key.isBlank()).ifPresent(key -> env.put(API_KEY_VARIABLE, key));
        return env;
    }

    private AgentCommandLine() {
    }
}
