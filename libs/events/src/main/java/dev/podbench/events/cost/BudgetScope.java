package dev.podbench.events.cost;

import dev.podbench.events.WireEnum;

/** What a budget limits: one session's spend, one user's, one repository's, or everybody's. */
public enum BudgetScope implements WireEnum {
    SESSION("session"),
    USER("user"),
    REPOSITORY("repository"),
    GLOBAL("global");

    private final String value;

    BudgetScope(String value) {
        this.value = value;
    }

    @Override
    public String value() {
        return value;
    }

    public static BudgetScope fromValue(String value) {
        return WireEnum.fromValue(BudgetScope.class, value);
    }
}
