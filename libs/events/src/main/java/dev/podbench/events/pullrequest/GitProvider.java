package dev.podbench.events.pullrequest;

import dev.podbench.events.WireEnum;

/** The Git hosting product of a pull request. */
public enum GitProvider implements WireEnum {
    /** GitHub or GitHub Enterprise (pull requests). */
    GITHUB("github"),
    /** GitLab (merge requests). */
    GITLAB("gitlab");

    private final String value;

    GitProvider(String value) {
        this.value = value;
    }

    @Override
    public String value() {
        return value;
    }

    public static GitProvider fromValue(String value) {
        return WireEnum.fromValue(GitProvider.class, value);
    }
}
