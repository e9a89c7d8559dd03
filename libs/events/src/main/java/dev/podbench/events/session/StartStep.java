package dev.podbench.events.session;

import dev.podbench.events.WireEnum;

/** A step of a session's start, in the order they run. */
public enum StartStep implements WireEnum {
    /** Finding a repository pod with room for the session, or starting one. */
    POD("pod"),
    /** {@code git fetch} of the repository in that pod. */
    FETCH("fetch"),
    /** Creating the session's worktree on its branch. */
    WORKTREE("worktree");

    private final String value;

    StartStep(String value) {
        this.value = value;
    }

    @Override
    public String value() {
        return value;
    }

    public static StartStep fromValue(String value) {
        return WireEnum.fromValue(StartStep.class, value);
    }
}
