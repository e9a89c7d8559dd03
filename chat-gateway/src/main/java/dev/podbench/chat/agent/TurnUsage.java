package dev.podbench.chat.agent;

import dev.podbench.chat.usage.UsageLedger;
import dev.podbench.chat.usage.UsageRecord;
import dev.podbench.events.session.SessionSnapshot;
import io.smallrye.mutiny.Uni;

/** Counting what a turn cost, and announcing it. */
public interface TurnUsage {

    /** Works out and records the turn's cost; runs inside the transcript's transaction. */
    Uni<UsageLedger.Counted> count(UsageLedger.Turn turn);

    /** Publishes a counted turn once it is stored; a failure is retried later by the republisher. */
    void publish(UsageRecord record, SessionSnapshot session);
}
