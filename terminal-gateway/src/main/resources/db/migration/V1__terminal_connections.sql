-- The terminal connection audit: one row per terminal WebSocket that was opened (refusals are metrics only).
-- Written asynchronously, off the byte path: a row is inserted when the terminal opens and completed when it
-- closes; both writes are upserts, so they may land in either order or the first one may be missing.
create table terminal_connection (
    connection_id   varchar(64)  primary key,
    session_id      varchar(128) not null,
    terminal_name   varchar(64)  not null,
    user_name       varchar(256) not null,
    origin          varchar(512),
    remote_address  varchar(128),
    opened_at       timestamptz  not null,
    closed_at       timestamptz,
    close_code      integer,
    close_reason    varchar(256),
    bytes_in        bigint       not null default 0,
    bytes_out       bigint       not null default 0
);
create index terminal_connection_session on terminal_connection (session_id, opened_at desc);
