package dev.podbench.sessions;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class SessionsReplayTest {

    private static final TopicPartition P0 = new TopicPartition("podbench.sessions", 0);
    private static final TopicPartition P1 = new TopicPartition("podbench.sessions", 1);

    private final SessionDirectory directory = new SessionDirectory(Duration.ofHours(1));
    private final SessionsReplay replay = new SessionsReplay(directory);

    @Test
    void caughtUpOnceEveryPartitionIsReadToItsEndAtAssignment() {
        replay.assigned(Map.of(P0, 0L, P1, 10L), Map.of(P0, 3L, P1, 12L));
        assertThat(directory.isCaughtUp()).isFalse();
        replay.applied("podbench.sessions", 0, 2);
        assertThat(directory.isCaughtUp()).isFalse();
        replay.applied("podbench.sessions", 1, 10);
        assertThat(directory.isCaughtUp()).isFalse();
        replay.applied("podbench.sessions", 1, 11);
        assertThat(directory.isCaughtUp()).isTrue();
    }

    @Test
    void anEmptyTopicIsCaughtUpAtOnce() {
        replay.assigned(Map.of(P0, 5L, P1, 0L), Map.of(P0, 5L, P1, 0L));
        assertThat(directory.isCaughtUp()).isTrue();
    }

    @Test
    void recordsOfOtherPartitionsOrBelowTheEndDoNotCount() {
        replay.assigned(Map.of(P0, 0L), Map.of(P0, 4L));
        replay.applied("podbench.sessions", 1, 100);
        replay.applied("other", 0, 100);
        replay.applied("podbench.sessions", 0, 1);
        assertThat(directory.isCaughtUp()).isFalse();
        replay.applied("podbench.sessions", 0, 3);
        assertThat(directory.isCaughtUp()).isTrue();
    }
}
