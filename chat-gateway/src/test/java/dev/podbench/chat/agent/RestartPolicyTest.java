package dev.podbench.chat.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class RestartPolicyTest {

    private final RestartPolicy policy = new RestartPolicy(5, Duration.ofSeconds(1), Duration.ofSeconds(30));

    @Test
    void theDelayDoublesPerFailureInARowUpToTheCap() {
        assertThat(policy.afterFailure(1).delay()).isEqualTo(Duration.ofSeconds(1));
        assertThat(policy.afterFailure(2).delay()).isEqualTo(Duration.ofSeconds(2));
        assertThat(policy.afterFailure(3).delay()).isEqualTo(Duration.ofSeconds(4));
        assertThat(policy.afterFailure(5).delay()).isEqualTo(Duration.ofSeconds(16));
        RestartPolicy patient = new RestartPolicy(100, Duration.ofSeconds(1), Duration.ofSeconds(30));
        assertThat(patient.afterFailure(6).delay()).isEqualTo(Duration.ofSeconds(30));
        assertThat(patient.afterFailure(90).delay()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void givesUpAfterMoreThanMaxRestartsFailuresInARow() {
        assertThat(policy.afterFailure(5).givesUp()).isFalse();
        assertThat(policy.afterFailure(6).givesUp()).isTrue();
        assertThat(policy.afterFailure(6).delay()).isNull();
    }

    @Test
    void aZeroBackoffStillWaitsAMillisecond() {
        RestartPolicy eager = new RestartPolicy(3, Duration.ZERO, Duration.ZERO);
        assertThat(eager.afterFailure(1).delay()).isEqualTo(Duration.ofMillis(1));
    }
}
