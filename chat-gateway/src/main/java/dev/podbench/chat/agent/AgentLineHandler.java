package dev.podbench.chat.agent;

import com.fasterxml.jackson.databind.JsonNode;

import io.smallrye.mutiny.Uni;

/**
 * Takes the agent's stream-json lines of some {@code type}s. {@link AgentOutput} asks its handlers in order and
 * gives each line to the first that {@link #handles} it; a protocol the agent speaks over stdout/stdin (such as
 * its {@code control_request}s) is one more handler, answering through {@link AgentRun#send}.
 */
public interface AgentLineHandler {

    boolean handles(String type);

    /** Runs on the session's work queue; the next line waits for the returned Uni. */
    Uni<Void> handle(AgentRun run, JsonNode line);
}
