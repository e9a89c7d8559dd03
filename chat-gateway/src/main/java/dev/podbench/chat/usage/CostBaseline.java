package dev.podbench.chat.usage;

import java.util.List;

/**
 * Where an agent process' running totals started, so a turn's cost is {@code total - baseline}.
 *
 * <p>Within one process the previous result is the baseline. The first result of a process is the hard case:
 * a fresh conversation starts at zero, but a process started with {@code --resume} may start at zero (older
 * CLIs), at the last totals of the conversation (newer CLIs restore them), or at an older snapshot (the CLI
 * restores what it saved at its last clean exit, so a killed process' later turns are not in it). Which one
 * is visible in the result itself: its cumulative tokens minus the tokens of this turn's own API responses are
 * the tokens the process started with. Zero means a reset; otherwise the earlier result whose cumulative tokens
 * match is the start, and the latest one is the fallback. Either way no turn is counted twice.
 */
public final class CostBaseline {

    /**
     * @param current        the running totals of the result just seen
     * @param turnTokens     tokens of this turn's API responses (assistant lines, one per message id)
     * @param resumed        whether the process was started with {@code --resume}
     * @param history        earlier results' running totals for this conversation, newest first
     */
    public static Totals firstOfProcess(Totals current, long turnTokens, boolean resumed, List<Totals> history) {
        if (!resumed || history.isEmpty()) {
            return Totals.ZERO;
        }
        long startedWith = current.tokens() - turnTokens;
        if (startedWith <= 0) {
            return Totals.ZERO;
        }
        for (Totals earlier : history) {
            if (earlier.tokens() == startedWith) {
                return earlier;
            }
        }
        return history.get(0);
    }

    private CostBaseline() {
    }
}
