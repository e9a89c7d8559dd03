package dev.podbench.chat.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

class LineSplitterTest {

    @Test
    void splitsOnNewlinesAcrossChunksWithoutBreakingCharacters() {
        byte[] all = "{\"a\":\"é€\"}\n{\"b\":1}\r\npartial".getBytes(StandardCharsets.UTF_8);
        LineSplitter splitter = new LineSplitter(1024);
        // cut inside the two-byte é
        int cut = "{\"a\":\"".length() + 1;
        assertThat(splitter.feed(Arrays.copyOfRange(all, 0, cut))).isEmpty();
        assertThat(splitter.feed(Arrays.copyOfRange(all, cut, all.length))).containsExactly("{\"a\":\"é€\"}", "{\"b\":1}");
        assertThat(splitter.finish()).containsExactly("partial");
        assertThat(splitter.finish()).isEmpty();
    }
}
