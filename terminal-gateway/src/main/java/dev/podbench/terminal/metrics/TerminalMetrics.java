package dev.podbench.terminal.metrics;

import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** The gateway's own meters; names are what dashboards and alerts key on, so keep them stable. */
@ApplicationScoped
public class TerminalMetrics {

    /** Why a terminal could not be opened; the tag values of {@code podbench.terminal.connect.failures}. */
    public enum FailureReason {
        UNAUTHENTICATED, FORBIDDEN_ORIGIN, NOT_OWNER, UNKNOWN_SESSION, SESSION_ENDED, SESSION_STARTING, BAD_REQUEST,
        SHELL_FAILED;

        String tag() {
            return name().toLowerCase().replace('_', '-');
        }
    }

    /** What became of a connection audit record; the tag values of {@code podbench.terminal.audit.writes}. */
    public enum AuditResult {
        WRITTEN, FAILED, DROPPED;

        String tag() {
            return name().toLowerCase();
        }
    }

    private final MeterRegistry registry;
    private final AtomicInteger open = new AtomicInteger();
    private final Counter bytesIn;
    private final Counter bytesOut;
    private final Counter pauses;

    public TerminalMetrics(MeterRegistry registry) {
        this.registry = registry;
        registry.gauge("podbench.terminal.connections", open);
        this.bytesIn = Counter.builder("podbench.terminal.bytes").tag("direction", "in")
                .description("Input bytes written to shells").baseUnit("bytes").register(registry);
        this.bytesOut = Counter.builder("podbench.terminal.bytes").tag("direction", "out")
                .description("Output bytes sent to browsers").baseUnit("bytes").register(registry);
        this.pauses = Counter.builder("podbench.terminal.backpressure.pauses")
                .description("Times a terminal stopped reading its shell because the client fell behind")
                .register(registry);
    }

    public void opened() {
        open.incrementAndGet();
    }

    public void closed() {
        open.decrementAndGet();
    }

    public void bytesIn(int n) {
        bytesIn.increment(n);
    }

    public void bytesOut(int n) {
        bytesOut.increment(n);
    }

    public void paused() {
        pauses.increment();
    }

    public void auditWrite(AuditResult result) {
        registry.counter("podbench.terminal.audit.writes", "result", result.tag()).increment();
    }

    public void connectFailed(FailureReason reason) {
        registry.counter("podbench.terminal.connect.failures", "reason", reason.tag()).increment();
    }
}
