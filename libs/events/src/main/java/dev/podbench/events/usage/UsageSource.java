package dev.podbench.events.usage;

import dev.podbench.events.WireEnum;

/** What spent the tokens: the session's interactive agent or a background task. */
public enum UsageSource implements WireEnum {
    /** The session's interactive coding agent (chat). */
    SESSION("session"),
    /** A background/automated task run on behalf of the session. */
    TASK("task");

    private final String value;

    UsageSource(String value) {
        this.value = value;
    }

    @Override
    public String value() {
        return value;
    }

    public static UsageSource fromValue(String value) {
        return WireEnum.fromValue(UsageSource.class, value);
    }
}
