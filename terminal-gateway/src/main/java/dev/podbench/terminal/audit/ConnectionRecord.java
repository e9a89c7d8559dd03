package dev.podbench.terminal.audit;

import java.time.Duration;
import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One terminal connection as the audit keeps it: who opened which terminal of which session, from where, when, how
 * long it lasted, how it ended and how many bytes it moved. {@code closedAt}, {@code closeCode} and
 * {@code closeReason} are null while it is open (or if its end was never recorded).
 *
 * @param origin        the browser's {@code Origin} header (null for non-browser clients)
 * @param remoteAddress the peer of the WebSocket (the web-ui's proxy when it came through the dashboard)
 * @param bytesIn       input bytes the client sent to the shell
 * @param bytesOut      output bytes sent to the client
 */
public record ConnectionRecord(String connectionId, String sessionId, String terminalName, String user, String origin,
        String remoteAddress, Instant openedAt, Instant closedAt, Integer closeCode, String closeReason, long bytesIn,
        long bytesOut) {

    /** A connection that has just opened. */
    public static ConnectionRecord opened(String connectionId, String sessionId, String terminalName, String user,
            String origin, String remoteAddress, Instant openedAt) {
        return new ConnectionRecord(connectionId, sessionId, terminalName, user, origin, remoteAddress, openedAt,
                null, null, null, 0, 0);
    }

    /** This connection, closed. */
    public ConnectionRecord closed(Instant at, Integer code, String reason, long in, long out) {
        return new ConnectionRecord(connectionId, sessionId, terminalName, user, origin, remoteAddress, openedAt, at,
                code, reason, in, out);
    }

    /** How long the connection lasted; null while open. */
    @JsonProperty("durationMillis")
    public Long durationMillis() {
        return closedAt == null ? null : Duration.between(openedAt, closedAt).toMillis();
    }
}
