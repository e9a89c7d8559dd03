-- One row per pull request found in a session: (session, host, repository, number).
create table pull_request (
    id               bigserial primary key,
    session_id       text        not null,
    host             text        not null,   -- the web host, e.g. github.com or gitlab.example.com:8443
    repository       text        not null,   -- namespace/name
    number           bigint      not null,
    url              text        not null,
    provider         text        not null,   -- github | gitlab
    namespace        text        not null,
    name             text        not null,
    detected_at      timestamptz not null,   -- as the detecting gateway saw it
    tracked_at       timestamptz not null,   -- when this service first stored it (its poll policy's clock)
    -- the host's answer, null until the first read
    title            text,
    state            text,                   -- open | closed | merged
    draft            boolean,
    head_branch      text,
    head_sha         text,
    mergeable        text,                   -- mergeable | conflicting | unknown
    checks           jsonb,                  -- {state, passed, failed, pending, skipped, failing: [{name, url}]}
    review_decision  text,
    approvals        integer,
    checked_at       timestamptz,            -- the last successful read
    changed_at       timestamptz not null,   -- the last read that differed from the one before
    stale_since      timestamptz,            -- the host has been failing since
    stale_reason     text,
    failures         integer     not null default 0,
    next_poll_at     timestamptz,            -- null: no longer followed
    session_ended_at timestamptz,
    unique (session_id, host, repository, number)
);

create index pull_request_due on pull_request (next_poll_at) where next_poll_at is not null;
create index pull_request_session on pull_request (session_id);

-- CloudEvent ids already applied: redelivered events change nothing.
create table processed_event (
    id           text primary key,
    processed_at timestamptz not null
);
