package dev.podbench.terminal.events;

/**
 * Turns terminal output into plain text for URL scanning: drops escape sequences (CSI, OSC, DCS and two-byte
 * escapes) and maps control characters to a space. Keeps its state between calls, so a sequence split across
 * two frames is still removed.
 *
 * <p>Bytes are mapped one to one to chars (ISO-8859-1 style): URLs are ASCII, and decoding UTF-8 would need a
 * second carry-over for split multi-byte characters without finding any more URLs.
 */
final class AnsiStripper {

    private enum State {
        TEXT, ESCAPE, CSI, STRING, STRING_ESCAPE
    }

    private State state = State.TEXT;

    String strip(byte[] bytes, int offset, int length) {
        StringBuilder out = new StringBuilder(length);
        for (int i = offset; i < offset + length; i++) {
            int b = bytes[i] & 0xff;
            switch (state) {
                case TEXT -> {
                    if (b == 0x1b) {
                        state = State.ESCAPE;
                    } else if (b == 0x9b) {
                        state = State.CSI;
                    } else if (b < 0x20 || b == 0x7f) {
                        out.append(' ');
                    } else {
                        out.append((char) b);
                    }
                }
                case ESCAPE -> {
                    if (b == '[') {
                        state = State.CSI;
                    } else if (b == ']' || b == 'P' || b == '_' || b == '^' || b == 'X') {
                        state = State.STRING;
                    } else if (b >= 0x20 && b <= 0x2f) {
                        // An intermediate byte (e.g. the "(" of a charset selection): the final byte follows.
                        state = State.ESCAPE;
                    } else {
                        state = State.TEXT;
                    }
                }
                case CSI -> {
                    if (b >= 0x40 && b <= 0x7e) {
                        state = State.TEXT;
                    }
                }
                case STRING -> {
                    if (b == 0x07) {
                        state = State.TEXT;
                    } else if (b == 0x1b) {
                        state = State.STRING_ESCAPE;
                    }
                }
                case STRING_ESCAPE -> state = b == '\\' ? State.TEXT : State.STRING;
            }
        }
        return out.toString();
    }
}
