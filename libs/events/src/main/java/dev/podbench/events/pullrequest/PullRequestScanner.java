package dev.podbench.events.pullrequest;

import java.nio.CharBuffer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Finds the pull-request links of one output stream (a terminal, an agent's conversation), each once. Stateful
 * and not thread-safe: feed it the stream's chunks in order, from one thread at a time.
 *
 * <ul>
 * <li>Escape sequences, even split across chunks, are removed (see {@link TerminalTextFilter}).</li>
 * <li>A URL split across chunks is found: what could still be the start of one (at most {@code maxTail}
 * characters) is kept for the next chunk, and a URL reaching the end of a chunk is not reported until the next
 * shows where it ends.</li>
 * <li>A link already reported by this scanner is not reported again (the last {@value #REMEMBERED} are
 * remembered).</li>
 * </ul>
 *
 * <p>Cheap on a hot byte path: one fixed buffer per scanner, no allocation per byte, and no pattern matching for
 * a chunk without {@code http} in it.
 */
public final class PullRequestScanner {

    static final int REMEMBERED = 1024;
    /** Chunks are filtered this many characters at a time, after the tail. */
    private static final int SLICE = 4096;
    private static final String[] SCHEMES = {"https://", "http://"};

    private final PullRequestDetector detector;
    private final TerminalTextFilter filter = new TerminalTextFilter();
    private final int maxTail;
    /** The kept tail, then the slice being scanned. */
    private final char[] text;
    private int tailLength;
    private final Set<String> reported = new LinkedHashSet<>();

    PullRequestScanner(PullRequestDetector detector, int maxTail) {
        if (maxTail < SCHEMES[0].length()) {
            throw new IllegalArgumentException("maxTail must be at least " + SCHEMES[0].length() + ": " + maxTail);
        }
        this.detector = detector;
        this.maxTail = maxTail;
        this.text = new char[maxTail + SLICE];
    }

    public List<PullRequestLink> scan(byte[] chunk) {
        return scan(chunk, 0, chunk.length);
    }

    /** The links that became complete with this chunk and were not reported before. */
    public List<PullRequestLink> scan(byte[] chunk, int offset, int length) {
        List<PullRequestLink> found = List.of();
        int i = offset;
        int end = offset + length;
        while (i < end) {
            int n = tailLength;
            while (i < end && n < text.length) {
                int c = filter.step(chunk[i++] & 0xff);
                if (c != TerminalTextFilter.NOTHING) {
                    text[n++] = (char) c;
                }
            }
            found = scanBuffered(n, found);
        }
        return found;
    }

    /** Like {@link #scan(byte[], int, int)}, for a stream of text. */
    public List<PullRequestLink> scan(CharSequence chunk) {
        List<PullRequestLink> found = List.of();
        int i = 0;
        while (i < chunk.length()) {
            int n = tailLength;
            while (i < chunk.length() && n < text.length) {
                int c = filter.step(chunk.charAt(i++));
                if (c != TerminalTextFilter.NOTHING) {
                    text[n++] = (char) c;
                }
            }
            found = scanBuffered(n, found);
        }
        return found;
    }

    /**
     * The links in a whole message (a chat reply, a tool's result) not reported before by this scanner. The
     * message stands alone: a link at its very end counts, and the chunk state of {@link #scan} is untouched.
     */
    public List<PullRequestLink> scanMessage(CharSequence message) {
        List<PullRequestLink> found = new ArrayList<>(0);
        for (PullRequestLink link : detector.find(message)) {
            if (firstReport(link)) {
                found.add(link);
            }
        }
        return found;
    }

    private List<PullRequestLink> scanBuffered(int length, List<PullRequestLink> found) {
        int first = indexOfHttp(length);
        int keepFrom = length;
        if (first >= 0) {
            List<PullRequestLink> links = new ArrayList<>(found);
            keepFrom = detector.collect(CharBuffer.wrap(text, 0, length), first, false, link -> {
                if (firstReport(link)) {
                    links.add(link);
                }
            });
            found = links;
        }
        if (keepFrom == length || length - keepFrom > maxTail) {
            keepFrom = length - partialScheme(length);
        }
        tailLength = length - keepFrom;
        System.arraycopy(text, keepFrom, text, 0, tailLength);
        return found;
    }

    private int indexOfHttp(int length) {
        for (int i = 0; i + 4 <= length; i++) {
            if (text[i] == 'h' && text[i + 1] == 't' && text[i + 2] == 't' && text[i + 3] == 'p') {
                return i;
            }
        }
        return -1;
    }

    /** How many of the last characters could begin {@code https://} or {@code http://}. */
    private int partialScheme(int length) {
        for (int k = Math.min(SCHEMES[0].length(), length); k > 0; k--) {
            for (String scheme : SCHEMES) {
                if (startsWithTail(scheme, length, k)) {
                    return k;
                }
            }
        }
        return 0;
    }

    private boolean startsWithTail(String scheme, int length, int k) {
        if (k > scheme.length()) {
            return false;
        }
        for (int j = 0; j < k; j++) {
            if (text[length - k + j] != scheme.charAt(j)) {
                return false;
            }
        }
        return true;
    }

    private boolean firstReport(PullRequestLink link) {
        if (!reported.add(link.url())) {
            return false;
        }
        if (reported.size() > REMEMBERED) {
            Iterator<String> oldest = reported.iterator();
            oldest.next();
            oldest.remove();
        }
        return true;
    }
}
