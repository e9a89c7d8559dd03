package dev.podbench.pr.hosts;

import java.time.Instant;
import java.util.Optional;

/**
 * A Git host did not answer with the pull request. The message is what a person sees as the PR's stale reason;
 * it never holds a token (nor any request header).
 */
public class HostFailure extends RuntimeException {

    public enum Reason {
        CREDENTIALS_REJECTED("host credentials rejected"),
        NO_ACCESS("no access"),
        RATE_LIMITED("rate limited by the host"),
        UNAVAILABLE("host unavailable"),
        NOT_CONFIGURED("no Git host configured for this URL"),
        UNREADABLE("unexpected answer from the host");

        private final String text;

        Reason(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }
    }

    private final Reason reason;
    private final transient Optional<Instant> retryAt;

    public HostFailure(Reason reason, Optional<Instant> retryAt, String detail) {
        super(detail == null ? reason.text() : reason.text() + ": " + detail, null, false, false);
        this.reason = reason;
        this.retryAt = retryAt;
    }

    public static HostFailure of(Reason reason) {
        return new HostFailure(reason, Optional.empty(), null);
    }

    public Reason reason() {
        return reason;
    }

    /** When the host said asking again makes sense (rate-limit reset, retry-after). */
    public Optional<Instant> retryAt() {
        return retryAt;
    }
}
