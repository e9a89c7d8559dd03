-- Repositories are soft-deleted: ended sessions keep pointing at the repository they ran in.
create table repository (
    id              uuid primary key,
    name            varchar(200)  not null,
    clone_url       varchar(2048) not null,
    default_branch  varchar(255)  not null,
    image           varchar(512),
    created_by      varchar(255)  not null,
    created_at      timestamptz   not null,
    deleted_at      timestamptz
);
-- Names are what people pick in the UI, so two live repositories may not share one (case-insensitively).
create unique index repository_live_name on repository (lower(name)) where deleted_at is null;

create table session (
    id                 uuid primary key,
    repository_id      uuid          not null references repository (id),
    owner              varchar(255)  not null,
    branch             varchar(255)  not null,
    base_ref           varchar(255),
    state              varchar(16)   not null
        check (state in ('starting', 'active', 'ending', 'ended', 'failed')),
    failure_reason     varchar(2000),
    end_reason         varchar(16),
    pod                varchar(255),
    worktree_path      varchar(2048),
    cost_usd           numeric(19, 6),
    cost_updated_at    timestamptz,
    created_at         timestamptz   not null,
    started_at         timestamptz,
    ended_at           timestamptz,
    last_activity_at   timestamptz   not null,
    idle_warned_at     timestamptz
);
-- A branch can be checked out by one worktree only: while a session holds it (starting, active or still
-- cleaning up), no other session of the repository may take it. The index makes the check race-free.
create unique index session_live_branch on session (repository_id, branch)
    where state in ('starting', 'active', 'ending');
create index session_owner_created on session (owner, created_at desc);
create index session_created on session (created_at desc);
create index session_state on session (state) where state in ('starting', 'active', 'ending');

-- Transactional outbox: written in the same transaction as the state change it describes, published
-- by the relay in seq order (which keeps every session's events in order).
create table outbox_event (
    seq           bigserial primary key,
    event_id      uuid          not null unique,
    session_id    uuid          not null,
    topic         varchar(255)  not null,
    type          varchar(255)  not null,
    payload       text          not null,
    created_at    timestamptz   not null,
    published_at  timestamptz
);
create index outbox_event_pending on outbox_event (seq) where published_at is null;
