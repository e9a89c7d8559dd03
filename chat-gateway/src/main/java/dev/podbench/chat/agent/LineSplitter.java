package dev.podbench.chat.agent;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts the agent's stdout into lines. Splitting on the byte {@code \n} before decoding keeps multi-byte
 * characters that straddle two chunks intact. Not thread-safe: one per process.
 */
public final class LineSplitter {

    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private final int maxLine;

    public LineSplitter(int maxLine) {
        this.maxLine = maxLine;
    }

    public List<String> feed(byte[] chunk) {
        List<String> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < chunk.length; i++) {
            if (chunk[i] == '\n') {
                pending.write(chunk, start, i - start);
                lines.add(take());
                start = i + 1;
            }
        }
        pending.write(chunk, start, chunk.length - start);
        if (pending.size() > maxLine) {
            // a runaway line: hand it on in pieces rather than hold unbounded memory
            lines.add(take());
        }
        return lines;
    }

    /** What is left when the stream ends without a final newline. */
    public List<String> finish() {
        return pending.size() == 0 ? List.of() : List.of(take());
    }

    private String take() {
        String line = pending.toString(StandardCharsets.UTF_8);
        pending.reset();
        return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
    }
}
