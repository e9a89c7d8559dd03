package dev.podbench.chat.agent;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jboss.logging.Logger;

import dev.podbench.chat.usage.Totals;
import dev.podbench.workspace.ProcessStream;

/**
 * One run of the agent executable and what its output has told so far. Touched on the session's work queue only
 * (the stderr tail excepted: it is fed from the runtime's threads).
 */
public final class AgentRun {

    private static final Logger LOG = Logger.getLogger(AgentRun.class);
    private static final int STDERR_TAIL = 4096;

    private final ProcessStream stream;
    private final boolean resumed;
    private final AgentRunListener coordinator;
    private final StringBuilder stderr = new StringBuilder();
    /** Tokens of the current turn's API responses, by message id (a message's usage is repeated per block). */
    final Map<String, Long> turnTokens = new LinkedHashMap<>();
    /** The running totals of this run's previous result. */
    Totals previousTotals;
    /** The model the agent said it runs ({@code system/init}). */
    String reportedModel;
    boolean sawOutput;
    /** The agent reported an error during the current turn: its result does not make the status idle. */
    boolean turnFailed;

    public AgentRun(ProcessStream stream, boolean resumed, AgentRunListener coordinator) {
        this.stream = stream;
        this.resumed = resumed;
        this.coordinator = coordinator;
    }

    /** Who is told what this run's output says. */
    public AgentRunListener coordinator() {
        return coordinator;
    }

    /** Still the session's agent (not replaced by a model change, not ended). */
    public boolean isCurrent() {
        return coordinator.isCurrent(this);
    }

    public ProcessStream stream() {
        return stream;
    }

    /** Started with {@code --resume}. */
    public boolean resumed() {
        return resumed;
    }

    /** Writes one stream-json line to the agent's stdin; writes keep their order. */
    public void send(String line) {
        stream.write((line + "\n").getBytes(StandardCharsets.UTF_8)).subscribe().with(ok -> {
        }, e -> LOG.debugf("agent input not written (%s)", e.getMessage()));
    }

    /** Ends the process; its exit is then expected, not a crash. */
    void end() {
        stream.closeInput();
        stream.kill();
    }

    void stderr(byte[] bytes) {
        synchronized (stderr) {
            stderr.append(new String(bytes, StandardCharsets.UTF_8));
            if (stderr.length() > STDERR_TAIL) {
                stderr.delete(0, stderr.length() - STDERR_TAIL);
            }
        }
    }

    String stderrTail() {
        synchronized (stderr) {
            return stderr.toString();
        }
    }
}
