package dev.podbench.chat.ws;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.podbench.chat.agent.AgentStatus;
import dev.podbench.chat.transcript.StoredEvent;

/**
 * The chat WebSocket's JSON frames (DESIGN.md). Client: {@code message}, {@code interrupt}, {@code set_model},
 * {@code resume}, and the permission frames of {@link PermissionFrames}. Server: {@code event}, {@code status},
 * {@code error}.
 */
final class ChatProtocol {

    /** Model names and aliases as the CLI takes them ({@code sonnet}, {@code claude-opus-4-1[1m]}, …). */
    private static final Pattern MODEL = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/\\[\\]-]{0,127}");

    sealed interface Request permits Message, Interrupt, SetModel, Resume, Invalid, PermissionFrames.Frame {
    }

    record Message(String text) implements Request {
    }

    record Interrupt() implements Request {
    }

    record SetModel(String model) implements Request {
    }

    record Resume(long afterSeq) implements Request {
    }

    record Invalid(String code, String message) implements Request {
    }

    private final ObjectMapper mapper;
    private final int maxMessageBytes;
    private final boolean bypassAllowed;

    ChatProtocol(ObjectMapper mapper, int maxMessageBytes, boolean bypassAllowed) {
        this.mapper = mapper;
        this.maxMessageBytes = maxMessageBytes;
        this.bypassAllowed = bypassAllowed;
    }

    Request parse(String frame) {
        JsonNode json;
        try {
            json = mapper.readTree(frame);
        } catch (Exception e) {
            return new Invalid("invalid_json", "the frame is not valid JSON");
        }
        if (json == null || !json.isObject()) {
            return new Invalid("invalid_json", "a frame must be a JSON object");
        }
        JsonNode type = json.get("type");
        if (type == null || !type.isTextual()) {
            return new Invalid("missing_type", "a frame needs a string \"type\"");
        }
        return switch (type.asText()) {
            case "message" -> message(json.get("text"));
            case "interrupt" -> new Interrupt();
            case "set_model" -> {
                JsonNode model = json.get("model");
                yield model != null && model.isTextual() && MODEL.matcher(model.asText()).matches()
                        ? new SetModel(model.asText())
                        : new Invalid("invalid_model", "\"model\" must be a model name or alias");
            }
            case "resume" -> {
                JsonNode after = json.get("afterSeq");
                yield after != null && after.canConvertToLong() && after.isIntegralNumber() && after.asLong() >= 0
                        ? new Resume(after.asLong())
                        : new Invalid("invalid_after_seq", "\"afterSeq\" must be a non-negative integer");
            }
            case PermissionFrames.ANSWER -> PermissionFrames.answer(json);
            case PermissionFrames.SET_MODE -> PermissionFrames.setMode(json);
            default -> new Invalid("unknown_type", "unknown message type '" + clip(type.asText()) + "'");
        };
    }

    private Request message(JsonNode text) {
        if (text == null || !text.isTextual()) {
            return new Invalid("empty_message", "\"text\" must be a non-empty string");
        }
        String value = text.asText();
        if (value.isBlank()) {
            return new Invalid("empty_message", "the message is empty");
        }
        int bytes = value.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > maxMessageBytes) {
            return new Invalid("message_too_long",
                    "the message has " + bytes + " bytes; at most " + maxMessageBytes + " are accepted");
        }
        return new Message(value);
    }

    String event(StoredEvent event) {
        ObjectNode frame = mapper.createObjectNode().put("type", "event").put("seq", event.seq());
        frame.set("event", event.event());
        return frame.toString();
    }

    String status(AgentStatus status) {
        ObjectNode frame = mapper.createObjectNode().put("type", "status").put("state", status.state().wire());
        if (status.reason() != null) {
            frame.put("reason", status.reason());
        }
        if (status.model() != null) {
            frame.put("model", status.model());
        }
        if (status.agentSessionId() != null) {
            frame.put("agentSessionId", status.agentSessionId());
        }
        if (status.permissionMode() != null) {
            frame.put("permissionMode", status.permissionMode());
        }
        // the dashboard offers bypassPermissions only where an administrator allowed it
        frame.put("bypassAllowed", bypassAllowed);
        return frame.toString();
    }

    String error(String code, String message) {
        return mapper.createObjectNode().put("type", "error").put("code", code).put("message", message).toString();
    }

    private static String clip(String s) {
        return s.length() <= 64 ? s : s.substring(0, 64) + "…";
    }
}
