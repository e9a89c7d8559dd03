package dev.podbench.pr.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

class ChecksSummaryTest {

    static final Instant T0 = Instant.parse("2026-12-06T07:00:00Z");

    @Test
    void noChecksAtAllIsNoneNotPending() {
        assertThat(ChecksSummary.of(List.of())).isEqualTo(ChecksSummary.NONE);
        assertThat(ChecksSummary.NONE.state()).isEqualTo(CheckState.NONE);
    }

    @Test
    void bucketsCheckRunsAsTheGhCliDoes() {
        assertThat(CheckBucket.ofCheckRun("completed", "success")).isEqualTo(CheckBucket.PASS);
        assertThat(CheckBucket.ofCheckRun("completed", "neutral")).isEqualTo(CheckBucket.SKIPPING);
        assertThat(CheckBucket.ofCheckRun("completed", "skipped")).isEqualTo(CheckBucket.SKIPPING);
        assertThat(CheckBucket.ofCheckRun("completed", "failure")).isEqualTo(CheckBucket.FAIL);
        assertThat(CheckBucket.ofCheckRun("completed", "timed_out")).isEqualTo(CheckBucket.FAIL);
        assertThat(CheckBucket.ofCheckRun("completed", "action_required")).isEqualTo(CheckBucket.FAIL);
        assertThat(CheckBucket.ofCheckRun("completed", "cancelled")).isEqualTo(CheckBucket.CANCEL);
        assertThat(CheckBucket.ofCheckRun("in_progress", null)).isEqualTo(CheckBucket.PENDING);
        assertThat(CheckBucket.ofCheckRun("queued", null)).isEqualTo(CheckBucket.PENDING);
        assertThat(CheckBucket.ofCommitStatus("error")).isEqualTo(CheckBucket.FAIL);
        assertThat(CheckBucket.ofCommitStatus("pending")).isEqualTo(CheckBucket.PENDING);
    }

    @Test
    void theLatestRunOfANameWinsAndFailuresCarryTheirLinks() {
        ChecksSummary summary = ChecksSummary.of(List.of(
                new Check("build", CheckBucket.FAIL, "https://ci/1", T0, 1),
                new Check("build", CheckBucket.PASS, "https://ci/2", T0.plusSeconds(60), 2),
                new Check("test", CheckBucket.FAIL, "https://ci/3", T0, 3),
                new Check("docs", CheckBucket.SKIPPING, null, T0, 4)));

        assertThat(summary).isEqualTo(new ChecksSummary(CheckState.FAILING, 1, 1, 0, 1,
                List.of(new FailingCheck("test", "https://ci/3"))));
    }

    @Test
    void aQueuedRerunOutranksItsFinishedPredecessor() {
        ChecksSummary summary = ChecksSummary.of(List.of(
                new Check("build", CheckBucket.FAIL, "https://ci/1", T0, 1),
                new Check("build", CheckBucket.PENDING, "https://ci/2", null, 2)));

        assertThat(summary.state()).isEqualTo(CheckState.PENDING);
        assertThat(summary.pending()).isEqualTo(1);
        assertThat(summary.failing()).isEmpty();
    }

    @Test
    void failingBeatsPendingWhichBeatsCancelled() {
        Check fail = new Check("a", CheckBucket.FAIL, null, T0, 1);
        Check pending = new Check("b", CheckBucket.PENDING, null, T0, 2);
        Check cancel = new Check("c", CheckBucket.CANCEL, "https://ci/c", T0, 3);
        Check pass = new Check("d", CheckBucket.PASS, null, T0, 4);

        assertThat(ChecksSummary.of(List.of(fail, pending, cancel, pass)).state()).isEqualTo(CheckState.FAILING);
        assertThat(ChecksSummary.of(List.of(pending, cancel, pass)).state()).isEqualTo(CheckState.PENDING);
        ChecksSummary cancelled = ChecksSummary.of(List.of(cancel, pass));
        assertThat(cancelled.state()).isEqualTo(CheckState.CANCELLED);
        assertThat(cancelled.failed()).isEqualTo(1);
        assertThat(cancelled.failing()).containsExactly(new FailingCheck("c", "https://ci/c"));
        assertThat(ChecksSummary.of(List.of(pass, new Check("e", CheckBucket.SKIPPING, null, T0, 5))).state())
                .isEqualTo(CheckState.PASSING);
    }
}
