package dev.podbench.pr.status;

import dev.podbench.events.WireEnum;
import dev.podbench.events.pullrequest.ChecksStatus;

/** The overall CI state of a pull request's head commit, as the API shows it. */
public enum CheckState implements WireEnum {
    NONE("none"),
    PENDING("pending"),
    PASSING("passing"),
    FAILING("failing"),
    CANCELLED("cancelled");

    private final String value;

    CheckState(String value) {
        this.value = value;
    }

    @Override
    public String value() {
        return value;
    }

    /** The coarser state of the v1 event contract: a cancelled run did not pass, so it reads as a failure there. */
    public ChecksStatus toEvent() {
        return switch (this) {
            case NONE -> ChecksStatus.NONE;
            case PENDING -> ChecksStatus.PENDING;
            case PASSING -> ChecksStatus.SUCCESS;
            case FAILING, CANCELLED -> ChecksStatus.FAILURE;
        };
    }
}
