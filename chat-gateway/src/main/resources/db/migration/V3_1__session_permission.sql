-- What a session's chat decided about permissions, so a restarted agent (or gateway) keeps it: the permission
-- mode switched in the chat (null = the configured default) and the rules allowed "for this session", one per line.
create table session_permission (
    session_id       varchar(128) primary key,
    permission_mode  varchar(32),
    session_rules    text         not null default '',
    updated_at       timestamptz  not null
);
