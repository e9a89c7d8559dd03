package dev.podbench.chat.budget;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** {@code podbench.budget-stops.*}: how chat-gateway learns which budgets stop their sessions. */
@ConfigMapping(prefix = "podbench.budget-stops")
public interface BudgetStopsConfig {

    /** The topic of {@code budget-exceeded} / {@code budget-lifted}. */
    @WithDefault("podbench.costs")
    String topic();

    /** How long a message right after a start waits for the topic's replay before the stops known then decide. */
    @WithDefault("30s")
    Duration replayWait();
}
