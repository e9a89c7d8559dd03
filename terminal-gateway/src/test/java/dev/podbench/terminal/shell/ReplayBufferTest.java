package dev.podbench.terminal.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.Test;

class ReplayBufferTest {

    private static String text(ReplayBuffer.Slice slice) {
        return new String(slice.bytes(), StandardCharsets.US_ASCII);
    }

    @Test
    void replaysTheLastBytesAndSkipsWhatWasOverwritten() {
        ReplayBuffer buffer = new ReplayBuffer(8);
        buffer.append("0123456789".getBytes(StandardCharsets.US_ASCII));
        assertThat(buffer.oldest()).isEqualTo(2);
        ReplayBuffer.Slice slice = buffer.read(0, 100).await().atMost(Duration.ofSeconds(1));
        assertThat(text(slice)).isEqualTo("23456789");
        assertThat(slice.end()).isEqualTo(10);
    }

    @Test
    void aReaderWaitsForOutputAndEndsWhenClosed() {
        ReplayBuffer buffer = new ReplayBuffer(8);
        var pending = buffer.read(0, 4).subscribeAsCompletionStage();
        assertThat(pending).isNotDone();
        buffer.append("abcdef".getBytes(StandardCharsets.US_ASCII));
        assertThat(text(pending.join())).isEqualTo("abcd");
        buffer.close();
        assertThat(buffer.read(6, 4).await().atMost(Duration.ofSeconds(1))).isSameAs(ReplayBuffer.END);
    }
}
