package dev.podbench.pr.status;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.podbench.events.pullrequest.ReviewStatus;

/** A pull request's review decision and how many reviewers currently approve it. */
public record ReviewSummary(ReviewStatus decision, int approvals) {

    public static final ReviewSummary NONE = new ReviewSummary(ReviewStatus.NONE, 0);

    /** A submitted review, in the order the host returns them (oldest first). */
    public record Review(String reviewer, String state) {
    }

    /**
     * GitHub's decision: per reviewer only the latest decisive review counts ({@code APPROVED},
     * {@code CHANGES_REQUESTED}, {@code DISMISSED}; a later {@code COMMENTED} changes nothing). Any changes
     * requested wins, then any approval; otherwise reviewers still asked for mean a review is required.
     */
    public static ReviewSummary of(List<Review> reviews, boolean reviewersRequested) {
        Map<String, String> decisive = new LinkedHashMap<>();
        for (Review review : reviews) {
            String state = review.state() == null ? "" : review.state().toUpperCase(Locale.ROOT);
            if (review.reviewer() != null
                    && (state.equals("APPROVED") || state.equals("CHANGES_REQUESTED") || state.equals("DISMISSED"))) {
                decisive.put(review.reviewer(), state);
            }
        }
        int approvals = (int) decisive.values().stream().filter("APPROVED"::equals).count();
        if (decisive.containsValue("CHANGES_REQUESTED")) {
            return new ReviewSummary(ReviewStatus.CHANGES_REQUESTED, approvals);
        }
        if (approvals > 0) {
            return new ReviewSummary(ReviewStatus.APPROVED, approvals);
        }
        return new ReviewSummary(reviewersRequested ? ReviewStatus.REVIEW_REQUIRED : ReviewStatus.NONE, 0);
    }
}
