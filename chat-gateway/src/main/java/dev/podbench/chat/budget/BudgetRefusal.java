package dev.podbench.chat.budget;

import java.math.BigDecimal;
import java.math.RoundingMode;

import dev.podbench.events.cost.BudgetLimit;

/**
 * The chat's words for a refused message: which budget, its limit and spend, and how the stop ends. A repository's
 * or the installation's budget adds up other people's spend, so its amounts stay out (a user sees their own spend).
 */
final class BudgetRefusal {

    static final String CODE = "budget_exceeded";

    static String message(BudgetStops.Known stop) {
        BudgetLimit budget = stop.budget();
        String period = switch (budget.period()) {
            case TOTAL -> "in total";
            case DAY -> "a day (UTC)";
            case MONTH -> "a month (UTC)";
        };
        String spentWhen = switch (budget.period()) {
            case TOTAL -> "";
            case DAY -> " today";
            case MONTH -> " this month";
        };
        String resets = switch (budget.period()) {
            case TOTAL -> "";
            case DAY -> ", or until the next day starts at 00:00 UTC";
            case MONTH -> ", or until the next month starts (UTC)";
        };
        String id = " (budget " + budget.budgetId() + ")";
        return switch (budget.scope()) {
            case SESSION -> "This session's budget of " + usd(budget.limitUsd()) + " " + period + id + " is used up: "
                    + usd(stop.spentUsd()) + " spent" + spentWhen + ". New messages are refused until you raise it above "
                    + "the spend (PUT /api/budgets with a higher limitUsd) or delete it" + resets
                    + ". A turn already running finishes; the terminal stays usable.";
            case USER -> "Your user budget of " + usd(budget.limitUsd()) + " " + period + id + " is used up: "
                    + usd(stop.spentUsd()) + " spent" + spentWhen + ". New messages are refused until an admin raises it "
                    + "above the spend or deletes it" + resets + ". The terminal stays usable.";
            case REPOSITORY -> "The budget of repository " + budget.scopeId() + " (" + period + ")" + id
                    + " is used up. New messages are refused until an admin raises or deletes it" + resets
                    + ". The terminal stays usable.";
            case GLOBAL -> "The installation's budget (" + period + ")" + id + " is used up. New messages are refused "
                    + "until an admin raises or deletes it" + resets + ". The terminal stays usable.";
        };
    }

    private static String usd(BigDecimal amount) {
        return "$" + amount.setScale(Math.max(2, amount.stripTrailingZeros().scale()), RoundingMode.UNNECESSARY).toPlainString();
    }

    private BudgetRefusal() {
    }
}
