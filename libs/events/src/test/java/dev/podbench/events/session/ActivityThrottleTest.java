package dev.podbench.events.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

class ActivityThrottleTest {

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-01T09:00:00Z"));
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };
    private final ActivityThrottle throttle = new ActivityThrottle(Duration.ofMinutes(1), clock);

    @Test
    void dueOncePerIntervalPerSession() {
        Instant start = now.get();
        assertThat(throttle.due("s1")).contains(start);
        assertThat(throttle.due("s2")).contains(start);
        now.set(start.plusSeconds(59));
        assertThat(throttle.due("s1")).isEmpty();
        now.set(start.plusSeconds(60));
        assertThat(throttle.due("s1")).contains(start.plusSeconds(60));
        assertThat(throttle.due("s1")).isEmpty();
    }

    @Test
    void aForgottenSessionIsDueAgain() {
        assertThat(throttle.due("s1")).isPresent();
        throttle.forget("s1");
        assertThat(throttle.due("s1")).isPresent();
    }
}
