package dev.podbench.events.session;

import dev.podbench.events.WireEnum;

/** The lifecycle state of a session. */
public enum SessionState implements WireEnum {
    /** Worktree and pod being prepared. */
    STARTING("starting"),
    /** Ready: terminal and chat usable. */
    ACTIVE("active"),
    /** End requested; terminal/agent being stopped, worktree cleaned up. */
    ENDING("ending"),
    /** Ended normally (see SessionEnded#reason). */
    ENDED("ended"),
    /** Could not start or broke irrecoverably (see failureReason). */
    FAILED("failed");

    private final String value;

    SessionState(String value) {
        this.value = value;
    }

    @Override
    public String value() {
        return value;
    }

    /** {@code ended} or {@code failed}: no further transition. */
    public boolean isFinal() {
        return this == ENDED || this == FAILED;
    }

    public static SessionState fromValue(String value) {
        return WireEnum.fromValue(SessionState.class, value);
    }
}
