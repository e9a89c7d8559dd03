package dev.podbench.pr.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.podbench.events.pullrequest.ReviewStatus;
import dev.podbench.pr.status.ReviewSummary.Review;

class ReviewSummaryTest {

    @Test
    void aLaterCommentNeverUndoesAnApproval() {
        ReviewSummary summary = ReviewSummary.of(List.of(new Review("bob", "APPROVED"), new Review("bob", "COMMENTED")),
                false);

        assertThat(summary).isEqualTo(new ReviewSummary(ReviewStatus.APPROVED, 1));
    }

    @Test
    void theLatestDecisiveReviewPerReviewerCounts() {
        assertThat(ReviewSummary.of(List.of(new Review("bob", "CHANGES_REQUESTED"), new Review("bob", "APPROVED")), false))
                .isEqualTo(new ReviewSummary(ReviewStatus.APPROVED, 1));
        assertThat(ReviewSummary.of(List.of(new Review("bob", "APPROVED"), new Review("bob", "DISMISSED")), true))
                .isEqualTo(new ReviewSummary(ReviewStatus.REVIEW_REQUIRED, 0));
    }

    @Test
    void anyChangesRequestedWinsOverOtherApprovals() {
        ReviewSummary summary = ReviewSummary.of(List.of(new Review("bob", "APPROVED"), new Review("erin", "CHANGES_REQUESTED"),
                new Review("dave", "APPROVED")), false);

        assertThat(summary).isEqualTo(new ReviewSummary(ReviewStatus.CHANGES_REQUESTED, 2));
    }

    @Test
    void withoutDecisiveReviewsRequestedReviewersMeanReviewRequired() {
        assertThat(ReviewSummary.of(List.of(new Review("bob", "COMMENTED")), true).decision())
                .isEqualTo(ReviewStatus.REVIEW_REQUIRED);
        assertThat(ReviewSummary.of(List.of(new Review("bob", "COMMENTED")), false)).isEqualTo(ReviewSummary.NONE);
    }
}
