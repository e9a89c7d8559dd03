package dev.podbench.events.session;

import dev.podbench.events.WireEnum;

/** Why a session ended. */
public enum SessionEndReason implements WireEnum {
    /** Its owner ended it. */
    USER("user"),
    /** The idle policy ended it after an idle warning. */
    IDLE("idle"),
    /** An administrator (or repository deletion) ended it. */
    ADMIN("admin");

    private final String value;

    SessionEndReason(String value) {
        this.value = value;
    }

    @Override
    public String value() {
        return value;
    }

    public static SessionEndReason fromValue(String value) {
        return WireEnum.fromValue(SessionEndReason.class, value);
    }
}
