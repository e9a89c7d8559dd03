package dev.podbench.cost.sessions;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.podbench.cost.budgets.BudgetRow;
import dev.podbench.events.cost.BudgetPeriod;
import dev.podbench.events.cost.BudgetScope;
import dev.podbench.http.Caller;

class SessionCostServiceTest {

    @ParameterizedTest(name = "{0} budget: user sees it {1}, admin sees it {2}")
    @CsvSource({ "SESSION, true, true", "USER, true, true", "REPOSITORY, false, true", "GLOBAL, false, true" })
    void aUserSeesOnlyBudgetsOfTheirOwnSpend(BudgetScope scope, boolean user, boolean admin) {
        BudgetRow budget = new BudgetRow(UUID.randomUUID(), scope, "x", new BigDecimal("10"), BudgetPeriod.MONTH,
                "root", Instant.now(), Instant.now(), new BigDecimal("9"));
        assertThat(SessionCostService.mayShow(new Caller("alice", false), budget)).isEqualTo(user);
        assertThat(SessionCostService.mayShow(new Caller("root", true), budget)).isEqualTo(admin);
    }
}
