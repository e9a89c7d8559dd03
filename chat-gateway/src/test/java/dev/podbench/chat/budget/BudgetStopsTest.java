package dev.podbench.chat.budget;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import dev.podbench.events.CloudEvent;
import dev.podbench.events.EventPayload;
import dev.podbench.events.cost.BudgetExceeded;
import dev.podbench.events.cost.BudgetLiftReason;
import dev.podbench.events.cost.BudgetLifted;
import dev.podbench.events.cost.BudgetLimit;
import dev.podbench.events.cost.BudgetPeriod;
import dev.podbench.events.cost.BudgetScope;
import dev.podbench.events.cost.BudgetWarning;
import dev.podbench.events.session.SessionSnapshot;
import dev.podbench.events.session.SessionState;

/** The stop rule without Kafka: latest {@code at} per budget, the period, the scopes. */
class BudgetStopsTest {

    private static final Instant NOW = Instant.parse("2026-12-06T10:00:00Z");
    private static final SessionSnapshot SESSION = new SessionSnapshot("s-1", "repo-1", "repo", "b", "origin/main",
            SessionState.ACTIVE, "alice", "pod", "local", "/w", null, NOW, NOW, null);

    @Test
    void everyScopeCoversItsSessionsOnly() {
        for (BudgetScope scope : BudgetScope.values()) {
            String mine = switch (scope) {
                case SESSION -> "s-1";
                case USER -> "alice";
                case REPOSITORY -> "repo-1";
                case GLOBAL -> null;
            };
            BudgetStops stops = new BudgetStops();
            stops.apply(exceeded(budget("b-" + scope, scope, mine, BudgetPeriod.TOTAL, Instant.EPOCH), NOW));
            assertThat(stops.stopping(SESSION, NOW)).as(scope.value()).isPresent();
            if (scope != BudgetScope.GLOBAL) {
                BudgetStops others = new BudgetStops();
                others.apply(exceeded(budget("b-" + scope, scope, "someone-else", BudgetPeriod.TOTAL, Instant.EPOCH), NOW));
                assertThat(others.stopping(SESSION, NOW)).as(scope.value() + " of another").isEmpty();
            }
        }
    }

    @Test
    void theLatestEventPerBudgetWinsInAnyOrder() {
        BudgetLimit budget = budget("b-1", BudgetScope.SESSION, "s-1", BudgetPeriod.TOTAL, Instant.EPOCH);
        List<CloudEvent<?>> history = List.of(exceeded(budget, NOW.minusSeconds(30)),
                lifted(budget, NOW.minusSeconds(20)), exceeded(budget, NOW.minusSeconds(10)));
        List<CloudEvent<?>> liftedLast = List.of(exceeded(budget, NOW.minusSeconds(30)), lifted(budget, NOW.minusSeconds(20)));
        Random random = new Random(7);
        for (int i = 0; i < 20; i++) {
            assertThat(replay(shuffled(history, random)).stopping(SESSION, NOW)).isPresent();
            assertThat(replay(shuffled(liftedLast, random)).stopping(SESSION, NOW)).isEmpty();
        }
    }

    @Test
    void aStopOfAPeriodThatIsOverStopsNothing() {
        BudgetStops stops = new BudgetStops();
        stops.apply(exceeded(budget("d", BudgetScope.USER, "alice", BudgetPeriod.DAY,
                Instant.parse("2026-12-05T00:00:00Z")), NOW.minusSeconds(3600 * 12)));
        stops.apply(exceeded(budget("m", BudgetScope.USER, "alice", BudgetPeriod.MONTH,
                Instant.parse("2026-11-01T00:00:00Z")), NOW.minusSeconds(3600 * 24 * 6)));
        assertThat(stops.stopping(SESSION, NOW)).isEmpty();
        assertThat(stops.stopping(SESSION, Instant.parse("2026-12-05T23:59:59Z"))).isPresent();
    }

    @Test
    void otherCostEventsChangeNothing() {
        BudgetStops stops = new BudgetStops();
        BudgetLimit budget = budget("w", BudgetScope.SESSION, "s-1", BudgetPeriod.TOTAL, Instant.EPOCH);
        stops.apply(event(new BudgetWarning("s-1", budget, new BigDecimal("0.8"), 80, NOW)));
        assertThat(stops.size()).isZero();
    }

    private static BudgetStops replay(List<CloudEvent<?>> events) {
        BudgetStops stops = new BudgetStops();
        events.forEach(stops::apply);
        events.forEach(stops::apply); // redelivered
        return stops;
    }

    private static List<CloudEvent<?>> shuffled(List<CloudEvent<?>> events, Random random) {
        List<CloudEvent<?>> copy = new ArrayList<>(events);
        Collections.shuffle(copy, random);
        return copy;
    }

    private static BudgetLimit budget(String id, BudgetScope scope, String scopeId, BudgetPeriod period, Instant start) {
        return new BudgetLimit(id, scope, scopeId, period, start, BigDecimal.ONE);
    }

    private static CloudEvent<?> exceeded(BudgetLimit budget, Instant at) {
        return event(new BudgetExceeded("s-9", budget, new BigDecimal("1.2"), at));
    }

    private static CloudEvent<?> lifted(BudgetLimit budget, Instant at) {
        return event(new BudgetLifted("s-9", budget, new BigDecimal("1.2"), BudgetLiftReason.RAISED, at));
    }

    private static CloudEvent<?> event(EventPayload payload) {
        return CloudEvent.of("/podbench/cost-service", payload);
    }
}
