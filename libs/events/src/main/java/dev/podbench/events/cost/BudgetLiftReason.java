package dev.podbench.events.cost;

import dev.podbench.events.WireEnum;

/** Why a used-up budget no longer stops its sessions. */
public enum BudgetLiftReason implements WireEnum {
    /** Its limit was raised above the spend of the current period. */
    RAISED("raised"),
    /** The budget was deleted. */
    DELETED("deleted"),
    /** A new day or month began: the spend of the new period is below the limit. */
    NEW_PERIOD("new-period");

    private final String value;

    BudgetLiftReason(String value) {
        this.value = value;
    }

    @Override
    public String value() {
        return value;
    }

    public static BudgetLiftReason fromValue(String value) {
        return WireEnum.fromValue(BudgetLiftReason.class, value);
    }
}
