package dev.podbench.chat.agent;

import io.smallrye.mutiny.Uni;

/** What the output handlers ask the coordinator of a session's agent, and tell it. Called on its work queue. */
public interface AgentRunListener {

    /** False for a run that was replaced (model change) or ended: its news no longer changes the session. */
    boolean isCurrent(AgentRun run);

    /** The model the session asked for. */
    String model();

    /** The agent's conversation id as last known, or null. */
    String conversationId();

    /** The current run names a conversation other than the known one (a first run, or a failed resume). */
    Uni<Void> conversationChanged(String conversationId);

    /** The agent reported an error for the current turn of the current run. */
    void turnFailed(AgentRun run, String reason);

    /** A turn ended with its {@code result}. */
    void turnEnded(AgentRun run);
}
