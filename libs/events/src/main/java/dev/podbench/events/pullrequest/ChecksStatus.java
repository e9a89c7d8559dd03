package dev.podbench.events.pullrequest;

import dev.podbench.events.WireEnum;

/** The combined CI status of a pull request's head commit. */
public enum ChecksStatus implements WireEnum {
    /** At least one check still running, none failed. */
    PENDING("pending"),
    /** All checks passed. */
    SUCCESS("success"),
    /** At least one check failed. */
    FAILURE("failure"),
    /** No checks configured/reported. */
    NONE("none");

    private final String value;

    ChecksStatus(String value) {
        this.value = value;
    }

    @Override
    public String value() {
        return value;
    }

    public static ChecksStatus fromValue(String value) {
        return WireEnum.fromValue(ChecksStatus.class, value);
    }
}
