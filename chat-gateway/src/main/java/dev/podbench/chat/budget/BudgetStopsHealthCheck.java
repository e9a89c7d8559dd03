package dev.podbench.chat.budget;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Not ready before the budget stops are replayed (a message sent earlier has to wait for them), nor once they are no
 * longer read (stops and lifts would go unnoticed).
 */
@Readiness
@ApplicationScoped
public class BudgetStopsHealthCheck implements HealthCheck {

    private final BudgetGate gate;

    public BudgetStopsHealthCheck(BudgetGate gate) {
        this.gate = gate;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("budget stops").status(gate.isCurrent())
                .withData("budgets", gate.knownBudgets()).build();
    }
}
