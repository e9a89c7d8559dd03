package dev.podbench.chat.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Everything tunable about the chat; per-profile values are in application.properties. */
@ConfigMapping(prefix = "podbench.chat")
public interface ChatConfig {

    /** The agent executable (env {@code PODBENCH_AGENT_COMMAND}); resolved on the pod's PATH. */
    @WithDefault("claude")
    String agentCommand();

    /** The model a session's agent starts with, until the user picks another. */
    @WithDefault("sonnet")
    String defaultModel();

    /**
     * {@code --permission-mode} a session's agent starts with until the chat switches it ({@code default}: the
     * agent asks the person before each tool use its rules do not cover).
     */
    @WithDefault("default")
    String permissionMode();

    /** The Anthropic API key, handed to the agent as {@code ANTHROPIC_API_KEY} in its environment only. */
    Optional<String> apiKey();

    /** Extra environment for the agent (e.g. {@code DISABLE_TELEMETRY=1}). */
    Map<String, String> agentEnv();

    /**
     * Browser origins allowed to open a chat. A request without {@code Origin} (a non-browser client with a
     * bearer token) is allowed: Origin only protects cookie-carrying browsers.
     */
    List<String> allowedOrigins();

    /** Longest chat message accepted, in UTF-8 bytes. */
    @WithDefault("102400")
    int maxMessageBytes();

    /** How much of a tool result the transcript shows inline; the rest is fetched on request. */
    @WithDefault("2000")
    int toolResultPreviewChars();

    /** Minimum time between two {@code session.activity} events of one session. */
    @WithDefault("1m")
    Duration activityInterval();

    /** How long a connection waits for a session that is not (yet) in the snapshot topic. */
    @WithDefault("3s")
    Duration sessionWait();

    /** First delay before restarting an agent that died; doubled per consecutive failure. */
    @WithDefault("1s")
    Duration restartBackoff();

    /** Longest delay between restarts. */
    @WithDefault("30s")
    Duration maxRestartBackoff();

    /** Consecutive deaths without a finished turn after which the agent is left in {@code error}. */
    @WithDefault("5")
    int maxRestarts();

    /** Largest page of {@code GET /chat/events}. */
    @WithDefault("500")
    int maxPageSize();

    /** How long a permission question waits for the person; then it is denied with "no answer". */
    @WithDefault("10m")
    Duration permissionTimeout();

    /** Whether a chat may switch its agent to {@code bypassPermissions} (no questions at all). */
    @WithDefault("false")
    boolean allowBypassPermissions();

    /** Rules answered without asking, for every session of this installation. */
    RuleLists permissionRules();

    /** More rules per repository, keyed by the repository's id ({@code repository-permission-rules."<id>".allow}). */
    Map<String, RuleLists> repositoryPermissionRules();

    /** Allow and deny lists in Claude Code's rule syntax ({@code Bash(npm test:*)}); a deny rule wins. */
    interface RuleLists {

        Optional<List<String>> allow();

        Optional<List<String>> deny();
    }
}
