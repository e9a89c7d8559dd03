package dev.podbench.events.pullrequest;

import dev.podbench.events.WireEnum;

/** The state of a pull (merge) request. */
public enum PullRequestState implements WireEnum {
    OPEN("open"),
    DRAFT("draft"),
    /** Closed without merging. */
    CLOSED("closed"),
    MERGED("merged");

    private final String value;

    PullRequestState(String value) {
        this.value = value;
    }

    @Override
    public String value() {
        return value;
    }

    public static PullRequestState fromValue(String value) {
        return WireEnum.fromValue(PullRequestState.class, value);
    }
}
