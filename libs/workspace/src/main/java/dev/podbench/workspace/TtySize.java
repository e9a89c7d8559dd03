package dev.podbench.workspace;

/** A terminal size, clamped to sane bounds so a client cannot ask for absurd buffers. */
public record TtySize(int cols, int rows) {

    public static final int MIN = 1;
    public static final int MAX_COLS = 1000;
    public static final int MAX_ROWS = 500;

    public TtySize {
        cols = Math.max(MIN, Math.min(MAX_COLS, cols));
        rows = Math.max(MIN, Math.min(MAX_ROWS, rows));
    }

    public static TtySize defaultSize() {
        return new TtySize(80, 24);
    }
}
