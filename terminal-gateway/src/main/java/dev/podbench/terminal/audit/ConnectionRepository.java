package dev.podbench.terminal.audit;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The {@code terminal_connection} table over the reactive PostgreSQL client. Both writes are upserts on the
 * connection id: the close may be written before the open (or without it, when that write was lost).
 */
@ApplicationScoped
public class ConnectionRepository {

    private static final String COLUMNS = "connection_id, session_id, terminal_name, user_name, origin, "
            + "remote_address, opened_at, closed_at, close_code, close_reason, bytes_in, bytes_out";
    private static final String INSERT = "insert into terminal_connection (" + COLUMNS
            + ") values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)";

    private final Pool pool;

    public ConnectionRepository(Pool pool) {
        this.pool = pool;
    }

    Uni<Void> opened(ConnectionRecord record) {
        return pool.preparedQuery(INSERT + " on conflict (connection_id) do nothing")
                .execute(tuple(record)).replaceWithVoid();
    }

    Uni<Void> closed(ConnectionRecord record) {
        return pool.preparedQuery(INSERT + " on conflict (connection_id) do update set closed_at = excluded.closed_at,"
                + " close_code = excluded.close_code, close_reason = excluded.close_reason,"
                + " bytes_in = excluded.bytes_in, bytes_out = excluded.bytes_out")
                .execute(tuple(record)).replaceWithVoid();
    }

    /** The newest {@code limit} connections of a session, newest first. */
    public Uni<List<ConnectionRecord>> ofSession(String sessionId, int limit) {
        return pool.preparedQuery("select " + COLUMNS + " from terminal_connection where session_id = $1"
                + " order by opened_at desc, connection_id limit $2")
                .execute(Tuple.of(sessionId, limit))
                .map(rows -> {
                    List<ConnectionRecord> records = new ArrayList<>(rows.size());
                    rows.forEach(row -> records.add(fromRow(row)));
                    return records;
                });
    }

    /** Answers whether the database can be reached, for the health check. */
    Uni<Void> ping() {
        return pool.query("select 1").execute().replaceWithVoid();
    }

    private static Tuple tuple(ConnectionRecord r) {
        return Tuple.from(Arrays.asList(r.connectionId(), r.sessionId(), r.terminalName(), r.user(), r.origin(),
                r.remoteAddress(), utc(r.openedAt()), utc(r.closedAt()), r.closeCode(), r.closeReason(), r.bytesIn(),
                r.bytesOut()));
    }

    private static ConnectionRecord fromRow(Row row) {
        return new ConnectionRecord(row.getString("connection_id"), row.getString("session_id"),
                row.getString("terminal_name"), row.getString("user_name"), row.getString("origin"),
                row.getString("remote_address"), instant(row.getOffsetDateTime("opened_at")),
                instant(row.getOffsetDateTime("closed_at")), row.getInteger("close_code"),
                row.getString("close_reason"), row.getLong("bytes_in"), row.getLong("bytes_out"));
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
