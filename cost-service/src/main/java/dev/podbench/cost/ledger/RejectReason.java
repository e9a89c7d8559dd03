package dev.podbench.cost.ledger;

/** Why a record of the usage topic was not taken into the ledger (the dead-letter header and metric tag). */
public enum RejectReason {
    /** The value is not JSON at all (or there is no value). */
    NOT_JSON("not-json"),
    /** JSON, but not a valid CloudEvent, or a usage event whose data breaks the contract (a missing field). */
    INVALID_EVENT("invalid-event"),
    /** A CloudEvent of a type that does not belong on the usage topic. */
    UNKNOWN_TYPE("unknown-type"),
    /** A usage event with a negative cost: a delta is never negative. */
    NEGATIVE_COST("negative-cost"),
    /** A cost or token count no agent turn can have; summed, it would overflow a total and stop the ledger. */
    OUT_OF_RANGE("out-of-range");

    private final String value;

    RejectReason(String value) {
        this.value = value;
    }

    public String value() {
        return value;
    }
}
