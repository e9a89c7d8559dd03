package dev.podbench.chat.transcript;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.podbench.chat.config.ChatConfig;

/**
 * Turns Claude Code stream-json lines into the transcript entries the chat UI renders. Every line gives at
 * least one entry (unknown ones as {@code other}), so nothing the agent said is lost; an assistant line gives one
 * entry per content block.
 */
@ApplicationScoped
public class TranscriptNormalizer {

    public static final String INTERRUPTED_MARKER = "[Request interrupted by user";

    private final ObjectMapper mapper;
    private final int previewChars;

    public TranscriptNormalizer(ObjectMapper mapper, ChatConfig config) {
        this.mapper = mapper;
        this.previewChars = config.toolResultPreviewChars();
    }

    public TranscriptEntry userMessage(String text) {
        return TranscriptEntry.of(node("user").put("text", text));
    }

    public TranscriptEntry error(String code, String message) {
        return TranscriptEntry.of(node("error").put("code", code).put("message", message));
    }

    public TranscriptEntry notice(String code, String message) {
        return TranscriptEntry.of(node("notice").put("code", code).put("message", message));
    }

    /** The agent asks before a tool use ({@code can_use_tool}); {@code input} is shown as the agent sent it. */
    public TranscriptEntry permissionRequest(String requestId, String tool, String toolUseId, JsonNode input,
            JsonNode suggestions) {
        ObjectNode node = node("permission_request").put("requestId", requestId).put("tool", tool);
        node.set("input", input == null ? mapper.createObjectNode() : input.deepCopy());
        node.set("suggestions", suggestions == null || !suggestions.isArray() ? mapper.createArrayNode()
                : suggestions.deepCopy());
        if (toolUseId != null) {
            node.put("toolUseId", toolUseId);
        }
        return TranscriptEntry.of(node);
    }

    /** How a permission request was answered, and by whom (a user name, or {@code rule}, {@code timeout}, …). */
    public TranscriptEntry permissionDecision(String requestId, String decision, String by, String rule,
            String message) {
        ObjectNode node = node("permission_decision").put("requestId", requestId).put("decision", decision)
                .put("by", by);
        if (rule != null) {
            node.put("rule", rule);
        }
        if (message != null) {
            node.put("message", message);
        }
        return TranscriptEntry.of(node);
    }

    /** A line that is not JSON (some CLI versions print warnings to stdout). */
    public TranscriptEntry plainOutput(String line) {
        return TranscriptEntry.of(node("output").put("text", line));
    }

    /** Everything but {@code result} lines, whose cost the usage ledger has to work out first. */
    public List<TranscriptEntry> normalize(JsonNode line, String cwd) {
        String type = line.path("type").asText("");
        return switch (type) {
            case "system" -> List.of(system(line));
            case "assistant" -> assistant(line, cwd);
            case "user" -> user(line);
            case "control_response" -> List.of(TranscriptEntry.of(node("control")
                    .put("subtype", line.path("response").path("subtype").asText(null))
                    .put("requestId", line.path("response").path("request_id").asText(null))));
            default -> List.of(other(line));
        };
    }

    private TranscriptEntry system(JsonNode line) {
        String subtype = line.path("subtype").asText("");
        ObjectNode n = node("system").put("subtype", subtype);
        if ("init".equals(subtype)) {
            n.put("agentSessionId", line.path("session_id").asText(null))
                    .put("model", line.path("model").asText(null))
                    .put("cwd", line.path("cwd").asText(null))
                    .put("permissionMode", line.path("permissionMode").asText(null))
                    .put("version", line.path("claude_code_version").asText(null));
        } else {
            n.set("data", line);
        }
        return TranscriptEntry.of(n);
    }

    private List<TranscriptEntry> assistant(JsonNode line, String cwd) {
        JsonNode message = line.path("message");
        String messageId = message.path("id").asText(null);
        String parent = line.path("parent_tool_use_id").asText(null);
        List<TranscriptEntry> entries = new ArrayList<>();
        if (line.hasNonNull("error")) {
            entries.add(error(line.path("error").asText(), textOf(message.path("content"))));
            return entries;
        }
        for (JsonNode block : message.path("content")) {
            String blockType = block.path("type").asText("");
            ObjectNode n = switch (blockType) {
                case "text" -> node("assistant_text").put("text", block.path("text").asText(""));
                case "thinking" -> node("thinking").put("text", block.path("thinking").asText(""));
                case "redacted_thinking" -> node("thinking").put("text", "").put("redacted", true);
                case "tool_use", "server_tool_use" -> {
                    String tool = block.path("name").asText("");
                    ObjectNode t = node("tool_use").put("toolUseId", block.path("id").asText(null)).put("tool", tool)
                            .put("summary", ToolSummaries.summarize(tool, block.path("input"), cwd));
                    t.set("input", block.path("input"));
                    yield t;
                }
                default -> {
                    ObjectNode o = node("other").put("type", "assistant." + blockType);
                    o.set("data", block);
                    yield o;
                }
            };
            n.put("messageId", messageId);
            if (parent != null) {
                n.put("parentToolUseId", parent);
            }
            entries.add(TranscriptEntry.of(n));
        }
        if (entries.isEmpty()) {
            entries.add(other(line));
        }
        return entries;
    }

    private List<TranscriptEntry> user(JsonNode line) {
        JsonNode content = line.path("message").path("content");
        List<TranscriptEntry> entries = new ArrayList<>();
        if (content.isTextual()) {
            entries.add(userEcho(content.asText()));
            return entries;
        }
        for (JsonNode block : content) {
            String blockType = block.path("type").asText("");
            if ("tool_result".equals(blockType)) {
                entries.add(toolResult(block, line.path("parent_tool_use_id").asText(null)));
            } else if ("text".equals(blockType)) {
                entries.add(userEcho(block.path("text").asText("")));
            } else {
                ObjectNode o = node("other").put("type", "user." + blockType);
                o.set("data", block);
                entries.add(TranscriptEntry.of(o));
            }
        }
        if (entries.isEmpty()) {
            entries.add(other(line));
        }
        return entries;
    }

    private TranscriptEntry userEcho(String text) {
        if (text.startsWith(INTERRUPTED_MARKER)) {
            return TranscriptEntry.of(node("interrupted").put("text", text));
        }
        // the CLI only repeats user input with --replay-user-messages, or for messages it made itself
        return TranscriptEntry.of(node("user").put("text", text).put("fromAgent", true));
    }

    private TranscriptEntry toolResult(JsonNode block, String parent) {
        String text = textOf(block.path("content"));
        boolean truncated = text.length() > previewChars;
        ObjectNode n = node("tool_result").put("toolUseId", block.path("tool_use_id").asText(null))
                .put("isError", block.path("is_error").asBoolean(false))
                .put("text", truncated ? text.substring(0, previewChars) : text)
                .put("truncated", truncated)
                .put("length", text.length());
        if (parent != null) {
            n.put("parentToolUseId", parent);
        }
        return new TranscriptEntry(n, truncated ? text : null);
    }

    /** The turn's end: cost is this turn's delta (from the usage ledger), total the agent's running total. */
    public TranscriptEntry result(JsonNode line, BigDecimal costUsd) {
        ObjectNode n = node("result").put("subtype", line.path("subtype").asText(null))
                .put("isError", line.path("is_error").asBoolean(false))
                .put("costUsd", costUsd.toPlainString())
                .put("totalCostUsd", line.path("total_cost_usd").decimalValue().toPlainString())
                .put("numTurns", line.path("num_turns").asInt(0))
                .put("durationMs", line.path("duration_ms").asLong(0))
                .put("agentSessionId", line.path("session_id").asText(null));
        if (line.hasNonNull("result")) {
            n.put("text", line.path("result").asText());
        }
        if (line.has("errors")) {
            n.set("errors", line.get("errors"));
        }
        return TranscriptEntry.of(n);
    }

    private TranscriptEntry other(JsonNode line) {
        ObjectNode n = node("other").put("type", line.path("type").asText(null));
        n.set("data", line);
        return TranscriptEntry.of(n);
    }

    /** Text of a content value: a string, or the text blocks of an array. */
    public static String textOf(JsonNode content) {
        if (content == null || content.isNull() || content.isMissingNode()) {
            return "";
        }
        if (content.isTextual()) {
            return content.asText();
        }
        StringBuilder sb = new StringBuilder();
        for (JsonNode block : content) {
            if (block.isTextual()) {
                sb.append(block.asText());
            } else if (block.has("text")) {
                if (!sb.isEmpty()) {
                    sb.append('\n');
                }
                sb.append(block.path("text").asText());
            }
        }
        return sb.toString();
    }

    private ObjectNode node(String kind) {
        return mapper.createObjectNode().put("kind", kind).put("at", Instant.now().toString());
    }
}
