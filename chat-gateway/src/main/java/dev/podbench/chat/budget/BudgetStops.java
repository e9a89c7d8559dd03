package dev.podbench.chat.budget;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import dev.podbench.events.CloudEvent;
import dev.podbench.events.EventType;
import dev.podbench.events.cost.BudgetExceeded;
import dev.podbench.events.cost.BudgetLifted;
import dev.podbench.events.cost.BudgetLimit;
import dev.podbench.events.session.SessionSnapshot;

/**
 * Which budgets stop their sessions, as {@code budget-exceeded} / {@code budget-lifted} on {@code podbench.costs}
 * tell: per budget the event with the latest {@code at} wins, whatever order the partitions deliver them in, and a
 * stop whose day or month is over stops nothing even before its lift arrives. Thread-safe.
 */
public class BudgetStops {

    /** What the latest event said about one budget. */
    public record Known(BudgetLimit budget, BigDecimal spentUsd, Instant at, boolean stops) {

        /** Whether it stops {@code session} at {@code now}. */
        boolean stops(SessionSnapshot session, Instant now) {
            return stops && inPeriod(now) && covers(session);
        }

        private boolean inPeriod(Instant now) {
            var start = budget.periodStart().atOffset(ZoneOffset.UTC);
            return switch (budget.period()) {
                case TOTAL -> true;
                case DAY -> now.isBefore(start.plusDays(1).toInstant());
                case MONTH -> now.isBefore(start.plusMonths(1).toInstant());
            };
        }

        private boolean covers(SessionSnapshot session) {
            return switch (budget.scope()) {
                case GLOBAL -> true;
                case SESSION -> budget.scopeId().equals(session.sessionId());
                case USER -> budget.scopeId().equals(session.owner());
                case REPOSITORY -> budget.scopeId().equals(session.repositoryId());
            };
        }
    }

    private final Map<String, Known> byBudget = new ConcurrentHashMap<>();

    /** Takes a {@code budget-exceeded} or {@code budget-lifted}; every other event is ignored. */
    public void apply(CloudEvent<?> event) {
        if (event.is(EventType.COST_BUDGET_EXCEEDED)) {
            BudgetExceeded exceeded = event.dataAs(BudgetExceeded.class);
            merge(new Known(exceeded.budget(), exceeded.spentUsd(), exceeded.at(), true));
        } else if (event.is(EventType.COST_BUDGET_LIFTED)) {
            BudgetLifted lifted = event.dataAs(BudgetLifted.class);
            merge(new Known(lifted.budget(), lifted.spentUsd(), lifted.at(), false));
        }
    }

    private void merge(Known incoming) {
        // on a tie the later arrival wins, as a redelivery of the same event changes nothing
        byBudget.merge(incoming.budget().budgetId(), incoming,
                (held, in) -> in.at().isBefore(held.at()) ? held : in);
    }

    /** The used-up budget that stops {@code session} now, if any (the smallest scope first: session, user, …). */
    public Optional<Known> stopping(SessionSnapshot session, Instant now) {
        return byBudget.values().stream().filter(k -> k.stops(session, now))
                .min(Comparator.comparing((Known k) -> k.budget().scope()));
    }

    /** How many budgets it heard of (stopping or lifted). */
    public int size() {
        return byBudget.size();
    }
}
