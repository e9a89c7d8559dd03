package dev.podbench.cost.ledger;

/** A usage-topic record that is not a valid {@code usage.recorded.v1}: it goes to the dead-letter topic. */
public class UsageRejected extends Exception {

    private final RejectReason reason;

    public UsageRejected(RejectReason reason, String detail) {
        super(detail, null, false, false);
        this.reason = reason;
    }

    public RejectReason reason() {
        return reason;
    }
}
