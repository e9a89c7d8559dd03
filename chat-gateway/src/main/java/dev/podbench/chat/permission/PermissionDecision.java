package dev.podbench.chat.permission;

import java.util.Optional;

/** The person's answer to a permission question, as the chat frame names it. */
public enum PermissionDecision {
    ALLOW("allow"), ALLOW_SESSION("allow_session"), DENY("deny");

    private final String wire;

    PermissionDecision(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public boolean allows() {
        return this != DENY;
    }

    public static Optional<PermissionDecision> fromWire(String wire) {
        for (PermissionDecision d : values()) {
            if (d.wire.equals(wire)) {
                return Optional.of(d);
            }
        }
        return Optional.empty();
    }
}
