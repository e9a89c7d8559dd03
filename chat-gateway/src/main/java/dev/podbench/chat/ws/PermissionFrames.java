package dev.podbench.chat.ws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.podbench.chat.permission.PermissionDecision;
import dev.podbench.chat.permission.PermissionPolicy;

/**
 * The chat's permission frames:
 * {@code {"type":"permission","requestId":…,"decision":"allow"|"allow_session"|"deny","message"?:…,"answers"?:{…}}}
 * ({@code answers}, for AskUserQuestion: question text → the chosen label, or a list of labels for a
 * multiple choice) and {@code {"type":"set_permission_mode","mode":"default"|"acceptEdits"|"plan"|"bypassPermissions"}}.
 */
final class PermissionFrames {

    static final String ANSWER = "permission";
    static final String SET_MODE = "set_permission_mode";
    private static final int MAX_ID = 256;
    private static final int MAX_TEXT = 4000;

    sealed interface Frame extends ChatProtocol.Request permits Answer, SetMode {
    }

    record Answer(String requestId, PermissionDecision decision, String message, ObjectNode answers) implements Frame {
    }

    record SetMode(String mode) implements Frame {
    }

    static ChatProtocol.Request answer(JsonNode json) {
        JsonNode requestId = json.get("requestId");
        if (requestId == null || !requestId.isTextual() || requestId.asText().isBlank()
                || requestId.asText().length() > MAX_ID) {
            return new ChatProtocol.Invalid("invalid_request_id", "\"requestId\" must name a permission request");
        }
        JsonNode decisionNode = json.get("decision");
        PermissionDecision decision = decisionNode != null && decisionNode.isTextual()
                ? PermissionDecision.fromWire(decisionNode.asText()).orElse(null) : null;
        if (decision == null) {
            return new ChatProtocol.Invalid("invalid_decision", "\"decision\" must be allow, allow_session or deny");
        }
        JsonNode message = json.get("message");
        if (message != null && !message.isNull() && (!message.isTextual() || message.asText().length() > MAX_TEXT)) {
            return new ChatProtocol.Invalid("invalid_message",
                    "\"message\" must be a string of at most " + MAX_TEXT + " characters");
        }
        ObjectNode answers = null;
        JsonNode given = json.get("answers");
        if (given != null && !given.isNull()) {
            answers = answers(given);
            if (answers == null) {
                return new ChatProtocol.Invalid("invalid_answers",
                        "\"answers\" must map each question to the chosen label or list of labels");
            }
        }
        String reason = message == null || message.isNull() || message.asText().isBlank() ? null : message.asText();
        return new Answer(requestId.asText(), decision, reason, answers);
    }

    static ChatProtocol.Request setMode(JsonNode json) {
        JsonNode mode = json.get("mode");
        return mode != null && mode.isTextual() && PermissionPolicy.MODES.contains(mode.asText())
                ? new SetMode(mode.asText())
                : new ChatProtocol.Invalid("invalid_permission_mode",
                        "\"mode\" must be default, acceptEdits, plan or bypassPermissions");
    }

    /** Labels as the CLI expects them: one string per question, several labels joined with ", ". */
    private static ObjectNode answers(JsonNode given) {
        if (!given.isObject() || given.isEmpty()) {
            return null;
        }
        ObjectNode answers = JsonNodeFactory.instance.objectNode();
        var fields = given.fields();
        while (fields.hasNext()) {
            var field = fields.next();
            JsonNode value = field.getValue();
            String text;
            if (value.isTextual()) {
                text = value.asText();
            } else if (value.isArray() && !value.isEmpty()) {
                StringBuilder joined = new StringBuilder();
                for (JsonNode label : value) {
                    if (!label.isTextual()) {
                        return null;
                    }
                    joined.append(joined.isEmpty() ? "" : ", ").append(label.asText());
                }
                text = joined.toString();
            } else {
                return null;
            }
            if (text.length() > MAX_TEXT || field.getKey().length() > MAX_TEXT) {
                return null;
            }
            answers.put(field.getKey(), text);
        }
        return answers;
    }

    private PermissionFrames() {
    }
}
