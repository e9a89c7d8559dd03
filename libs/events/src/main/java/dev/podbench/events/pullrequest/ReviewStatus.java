package dev.podbench.events.pullrequest;

import dev.podbench.events.WireEnum;

/** The review decision of a pull request. */
public enum ReviewStatus implements WireEnum {
    APPROVED("approved"),
    CHANGES_REQUESTED("changes_requested"),
    REVIEW_REQUIRED("review_required"),
    /** No review required nor given. */
    NONE("none");

    private final String value;

    ReviewStatus(String value) {
        this.value = value;
    }

    @Override
    public String value() {
        return value;
    }

    public static ReviewStatus fromValue(String value) {
        return WireEnum.fromValue(ReviewStatus.class, value);
    }
}
