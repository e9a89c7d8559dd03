package dev.podbench.chat.agent;

/**
 * What the chat shows about the agent: {@code starting} (process coming up), {@code idle} (ready),
 * {@code working} (a turn is running), {@code error} (with a reason the user can act on); and the permission mode
 * the agent runs with.
 */
public record AgentStatus(State state, String reason, String model, String agentSessionId, String permissionMode) {

    public enum State {
        STARTING, IDLE, WORKING, ERROR;

        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
