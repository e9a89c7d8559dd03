package dev.podbench.pr.poll;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.podbench.pr.MutableClock;
import dev.podbench.pr.status.CheckState;
import dev.podbench.pr.status.Mergeable;

class PollPolicyTest {

    static final Instant FOUND = Instant.parse("2026-12-06T07:00:00Z");

    final MutableClock clock = new MutableClock(FOUND);
    final PollPolicy policy = new PollPolicy(clock, () -> 0.5); // no jitter

    @Test
    void aNewPullRequestIsReadAboutEveryTenSecondsForTwoMinutes() {
        clock.advance(Duration.ofSeconds(30));
        assertThat(wait(open(CheckState.PASSING, FOUND))).isEqualTo(Duration.ofSeconds(10));
        clock.set(FOUND.plus(Duration.ofSeconds(119)));
        assertThat(wait(open(CheckState.PASSING, FOUND))).isEqualTo(Duration.ofSeconds(10));
        clock.set(FOUND.plus(Duration.ofSeconds(120)));
        assertThat(wait(open(CheckState.PASSING, FOUND))).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void pendingChecksOrAnUnknownMergeStateAreReadEveryTwentySeconds() {
        clock.advance(Duration.ofMinutes(5));
        assertThat(wait(open(CheckState.PENDING, FOUND))).isEqualTo(Duration.ofSeconds(20));
        assertThat(wait(new PollPolicy.Facts(FOUND, FOUND, false, CheckState.PASSING, Mergeable.UNKNOWN, null)))
                .isEqualTo(Duration.ofSeconds(20));
    }

    @Test
    void settledIsEveryMinuteAndAnHourWithoutChangeEveryFiveMinutes() {
        Instant changed = FOUND.plus(Duration.ofMinutes(10));
        clock.set(changed.plus(Duration.ofMinutes(59)));
        assertThat(wait(open(CheckState.FAILING, changed))).isEqualTo(Duration.ofSeconds(60));
        clock.set(changed.plus(Duration.ofHours(1)));
        assertThat(wait(open(CheckState.FAILING, changed))).isEqualTo(Duration.ofMinutes(5));
        assertThat(wait(open(CheckState.PENDING, changed))).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void aMergedOrClosedPullRequestIsNotReadAfterItsFinalRead() {
        clock.advance(Duration.ofMinutes(5));
        assertThat(policy.nextAfterRead(new PollPolicy.Facts(FOUND, FOUND, true, CheckState.PASSING, Mergeable.MERGEABLE,
                null))).isEmpty();
    }

    @Test
    void openPullRequestsAreFollowedForSevenDaysAfterTheirSessionEnded() {
        Instant ended = FOUND.plus(Duration.ofHours(2));
        PollPolicy.Facts facts = new PollPolicy.Facts(FOUND, FOUND, false, CheckState.PASSING, Mergeable.MERGEABLE, ended);
        clock.set(ended.plus(Duration.ofDays(7)).minusSeconds(1));
        assertThat(policy.nextAfterRead(facts)).isPresent();
        assertThat(policy.nextAfterFailure(facts, 1, Optional.empty())).isPresent();
        clock.set(ended.plus(Duration.ofDays(7)));
        assertThat(policy.nextAfterRead(facts)).isEmpty();
        assertThat(policy.nextAfterFailure(facts, 1, Optional.empty())).isEmpty();
    }

    @Test
    void failuresBackOffExponentiallyWithJitterUpToTenMinutes() {
        assertThat(PollPolicy.backoff(1)).isEqualTo(Duration.ofSeconds(15));
        assertThat(PollPolicy.backoff(2)).isEqualTo(Duration.ofSeconds(30));
        assertThat(PollPolicy.backoff(4)).isEqualTo(Duration.ofSeconds(120));
        assertThat(PollPolicy.backoff(30)).isEqualTo(Duration.ofMinutes(10));

        PollPolicy.Facts facts = open(CheckState.PENDING, FOUND);
        Instant now = clock.instant();
        assertThat(new PollPolicy(clock, () -> 0.0).nextAfterFailure(facts, 2, Optional.empty()))
                .contains(now.plusMillis(22_500));
        assertThat(new PollPolicy(clock, () -> 0.999_999).nextAfterFailure(facts, 2, Optional.empty()).orElseThrow())
                .isBetween(now.plusMillis(37_400), now.plusMillis(37_500));
    }

    @Test
    void theHostsRetryTimeWinsWhenItIsLater() {
        Instant reset = clock.instant().plus(Duration.ofMinutes(30));
        assertThat(policy.nextAfterFailure(open(CheckState.PENDING, FOUND), 1, Optional.of(reset))).contains(reset);
        Instant soon = clock.instant().plusSeconds(1);
        assertThat(policy.nextAfterFailure(open(CheckState.PENDING, FOUND), 1, Optional.of(soon)))
                .contains(clock.instant().plusSeconds(15));
    }

    private Duration wait(PollPolicy.Facts facts) {
        return Duration.between(clock.instant(), policy.nextAfterRead(facts).orElseThrow());
    }

    private static PollPolicy.Facts open(CheckState checks, Instant changedAt) {
        return new PollPolicy.Facts(FOUND, changedAt, false, checks, Mergeable.MERGEABLE, null);
    }
}
