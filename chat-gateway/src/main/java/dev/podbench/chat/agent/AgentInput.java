package dev.podbench.chat.agent;

import java.util.UUID;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The stream-json lines Podbench writes to the agent's stdin. */
final class AgentInput {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    /** A user turn; {@code conversationId} may be null before the agent named its conversation. */
    static String userMessage(String text, String conversationId) {
        ObjectNode line = JSON.objectNode().put("type", "user");
        line.putObject("message").put("role", "user").put("content", text);
        line.putNull("parent_tool_use_id");
        line.put("session_id", conversationId == null ? "" : conversationId);
        return line.toString();
    }

    /** Asks the agent to stop the current turn; the process stays. */
    static String interrupt() {
        ObjectNode request = JSON.objectNode().put("type", "control_request")
                .put("request_id", "podbench-" + UUID.randomUUID());
        request.putObject("request").put("subtype", "interrupt");
        return request.toString();
    }

    private AgentInput() {
    }
}
