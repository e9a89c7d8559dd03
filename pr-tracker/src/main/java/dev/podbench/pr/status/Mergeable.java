package dev.podbench.pr.status;

import dev.podbench.events.WireEnum;

/** Whether the host can merge the head into the base; {@code unknown} while it is still computing that. */
public enum Mergeable implements WireEnum {
    MERGEABLE("mergeable"),
    CONFLICTING("conflicting"),
    UNKNOWN("unknown");

    private final String value;

    Mergeable(String value) {
        this.value = value;
    }

    @Override
    public String value() {
        return value;
    }

    public static Mergeable fromValue(String value) {
        return WireEnum.fromValue(Mergeable.class, value);
    }
}
