package dev.podbench.chat.agent;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.podbench.chat.usage.UsageLedger;
import dev.podbench.chat.usage.UsagePublisher;
import dev.podbench.chat.usage.UsageRecord;
import dev.podbench.events.session.SessionSnapshot;
import io.smallrye.mutiny.Uni;

/** Turn usage as the ledger counts it, published to {@code podbench.usage}. */
@ApplicationScoped
public class LedgerTurnUsage implements TurnUsage {

    private static final Logger LOG = Logger.getLogger(LedgerTurnUsage.class);

    private final UsageLedger ledger;
    private final UsagePublisher publisher;

    public LedgerTurnUsage(UsageLedger ledger, UsagePublisher publisher) {
        this.ledger = ledger;
        this.publisher = publisher;
    }

    @Override
    public Uni<UsageLedger.Counted> count(UsageLedger.Turn turn) {
        return ledger.count(turn);
    }

    @Override
    public void publish(UsageRecord record, SessionSnapshot session) {
        publisher.publish(record, session.repositoryId(), session.owner()).subscribe().with(ok -> {
        }, e -> LOG.warnf("session %s: usage %s not published yet (%s); retried later", record.sessionId,
                record.eventId, e.getMessage()));
    }
}
