package dev.podbench.events.cost;

import dev.podbench.events.WireEnum;

/** Over which time a budget's spend adds up: all time, one UTC day, or one UTC calendar month. */
public enum BudgetPeriod implements WireEnum {
    TOTAL("total"),
    DAY("day"),
    MONTH("month");

    private final String value;

    BudgetPeriod(String value) {
        this.value = value;
    }

    @Override
    public String value() {
        return value;
    }

    public static BudgetPeriod fromValue(String value) {
        return WireEnum.fromValue(BudgetPeriod.class, value);
    }
}
