package dev.podbench.events.pullrequest;

/**
 * Turns terminal output into plain text for URL scanning, one character (or byte) at a time: drops escape
 * sequences (CSI, OSC, DCS, APC, PM, SOS and two-byte escapes), maps control characters to a space, and keeps
 * the target of an OSC-8 hyperlink as text between spaces (a link whose visible text is not its URL is found
 * too). Its state carries over between calls, so a sequence split across two output chunks is still removed.
 *
 * <p>Bytes map one to one to chars: URLs are ASCII, and a UTF-8 byte above {@code 0x7f} is never part of one.
 * C1 controls (e.g. {@code 0x9b}) are not interpreted: in UTF-8 output those bytes are continuation bytes.
 */
final class TerminalTextFilter {

    /** Returned by {@link #step(int)} for input that produces no text. */
    static final int NOTHING = -1;

    private static final int ESC = 0x1b;
    private static final int BEL = 0x07;

    private enum State {
        TEXT, ESCAPE, CSI, OSC_START, OSC8_SEMICOLON, OSC8_PARAMS, OSC8_TARGET, OSC8_TARGET_ESCAPE, STRING,
        STRING_ESCAPE
    }

    private State state = State.TEXT;

    /** The text character that {@code c} stands for, or {@link #NOTHING}. */
    int step(int c) {
        switch (state) {
            case TEXT -> {
                if (c == ESC) {
                    state = State.ESCAPE;
                    return NOTHING;
                }
                return c < 0x20 || c == 0x7f ? ' ' : c;
            }
            case ESCAPE -> state = switch (c) {
                case '[' -> State.CSI;
                case ']' -> State.OSC_START;
                case 'P', '_', '^', 'X' -> State.STRING;
                // an intermediate byte (the "(" of a charset selection): the final byte follows
                default -> c >= 0x20 && c <= 0x2f ? State.ESCAPE : State.TEXT;
            };
            case CSI -> {
                if (c == ESC) {
                    state = State.ESCAPE;
                } else if (c >= 0x40 && c <= 0x7e) {
                    state = State.TEXT;
                }
            }
            case OSC_START -> state = c == '8' ? State.OSC8_SEMICOLON : stringState(c);
            case OSC8_SEMICOLON -> state = c == ';' ? State.OSC8_PARAMS : stringState(c);
            case OSC8_PARAMS -> {
                if (c == ';') {
                    state = State.OSC8_TARGET;
                    return ' ';
                }
                if (c == BEL || c == ESC) {
                    state = stringState(c);
                }
            }
            case OSC8_TARGET -> {
                if (c == BEL) {
                    state = State.TEXT;
                    return ' ';
                }
                if (c == ESC) {
                    state = State.OSC8_TARGET_ESCAPE;
                    return NOTHING;
                }
                return c < 0x20 || c == 0x7f ? ' ' : c;
            }
            case OSC8_TARGET_ESCAPE -> {
                state = c == '\\' ? State.TEXT : State.OSC8_TARGET;
                return ' ';
            }
            case STRING -> state = stringState(c);
            case STRING_ESCAPE -> state = c == '\\' ? State.TEXT : State.STRING;
        }
        return NOTHING;
    }

    /** Inside an OSC/DCS/APC string: BEL or ESC \ ends it. */
    private State stringState(int c) {
        return c == BEL ? State.TEXT : c == ESC ? State.STRING_ESCAPE : State.STRING;
    }
}
