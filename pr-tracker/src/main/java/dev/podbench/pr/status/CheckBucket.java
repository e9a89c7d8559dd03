package dev.podbench.pr.status;

import java.util.Locale;

/**
 * The gh CLI's buckets for a check ({@code gh pr checks}): what a check run's conclusion (or its status while
 * not completed), a commit status' state or a GitLab job's status means for the pull request.
 */
public enum CheckBucket {
    PASS, FAIL, PENDING, SKIPPING, CANCEL;

    /** A GitHub check run: its conclusion once {@code completed}, otherwise it is still pending. */
    public static CheckBucket ofCheckRun(String status, String conclusion) {
        if (!"completed".equalsIgnoreCase(status) || conclusion == null) {
            return PENDING;
        }
        return switch (conclusion.toLowerCase(Locale.ROOT)) {
            case "success" -> PASS;
            case "skipped", "neutral" -> SKIPPING;
            case "cancelled" -> CANCEL;
            case "failure", "timed_out", "action_required", "startup_failure" -> FAIL;
            default -> PENDING; // "stale": GitHub gave up waiting; it counts as not settled
        };
    }

    /** A GitHub commit status ({@code error|failure|pending|success}). */
    public static CheckBucket ofCommitStatus(String state) {
        return switch (state == null ? "" : state.toLowerCase(Locale.ROOT)) {
            case "success" -> PASS;
            case "error", "failure" -> FAIL;
            default -> PENDING;
        };
    }

    /** A GitLab job; a failed job that is allowed to fail does not fail the pipeline, so it is only skipped over. */
    public static CheckBucket ofGitLabJob(String status, boolean allowFailure) {
        return switch (status == null ? "" : status.toLowerCase(Locale.ROOT)) {
            case "success" -> PASS;
            case "failed" -> allowFailure ? SKIPPING : FAIL;
            case "canceled", "canceling" -> CANCEL;
            case "skipped", "manual" -> SKIPPING;
            default -> PENDING; // created, waiting_for_resource, preparing, pending, running, scheduled
        };
    }
}
