package dev.podbench.terminal.audit;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.podbench.terminal.config.TerminalConfig;
import dev.podbench.terminal.metrics.TerminalMetrics;
import io.smallrye.mutiny.Uni;

/**
 * Records terminal connections, fire and forget: a call returns at once and never fails, whatever the database
 * does. At most {@code max-pending-writes} writes are under way; beyond that, or when the database fails or does not
 * answer within {@code write-timeout}, the record is lost and counted
 * ({@code podbench_terminal_audit_writes_total{result=dropped|failed}}). Terminals never wait for the audit.
 */
@ApplicationScoped
public class ConnectionAudit {

    private static final Logger LOG = Logger.getLogger(ConnectionAudit.class);
    private static final long WARN_INTERVAL_NANOS = 60_000_000_000L;

    private final ConnectionRepository repository;
    private final AuditSchema schema;
    private final TerminalMetrics metrics;
    private final TerminalConfig.Audit config;
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicLong lastWarning = new AtomicLong(System.nanoTime() - WARN_INTERVAL_NANOS);

    public ConnectionAudit(ConnectionRepository repository, AuditSchema schema, TerminalMetrics metrics,
            TerminalConfig config) {
        this.repository = repository;
        this.schema = schema;
        this.metrics = metrics;
        this.config = config.audit();
    }

    public void opened(ConnectionRecord record) {
        write(() -> repository.opened(record));
    }

    public void closed(ConnectionRecord record) {
        write(() -> repository.closed(record));
    }

    private void write(Supplier<Uni<Void>> statement) {
        if (pending.incrementAndGet() > config.maxPendingWrites()) {
            pending.decrementAndGet();
            metrics.auditWrite(TerminalMetrics.AuditResult.DROPPED);
            warn("more than " + config.maxPendingWrites() + " writes pending");
            return;
        }
        schema.ready().chain(() -> statement.get())
                .ifNoItem().after(config.writeTimeout()).fail()
                .subscribe().with(ok -> {
                    pending.decrementAndGet();
                    metrics.auditWrite(TerminalMetrics.AuditResult.WRITTEN);
                }, failure -> {
                    pending.decrementAndGet();
                    metrics.auditWrite(TerminalMetrics.AuditResult.FAILED);
                    warn(failure.toString());
                });
    }

    /** At most one warning a minute: a database outage must not flood the log either. */
    private void warn(String why) {
        long last = lastWarning.get();
        long now = System.nanoTime();
        if (now - last >= WARN_INTERVAL_NANOS && lastWarning.compareAndSet(last, now)) {
            LOG.warnf("terminal connection audit: records are being lost (%s); terminals are not affected", why);
        }
    }
}
