-- The transcript: every agent line (and every user message) of a session, numbered per session.
create table chat_event (
    id          bigserial    primary key,
    session_id  varchar(128) not null,
    seq         bigint       not null,
    kind        varchar(32)  not null,
    payload     text         not null,
    full_text   text,
    created_at  timestamptz  not null,
    constraint chat_event_session_seq unique (session_id, seq)
);

-- The agent behind a session: whose, which conversation to --resume, which model.
create table agent_session (
    session_id        varchar(128) primary key,
    owner             varchar(256) not null,
    repository_id     varchar(128),
    agent_session_id  varchar(128),
    model             varchar(128) not null,
    updated_at        timestamptz  not null
);

-- Every result seen, with the running totals it carried: the delta of the next one is computed from here, and
-- the deterministic event id makes a replayed result count once.
create table usage_record (
    event_id               uuid          primary key,
    session_id             varchar(128)  not null,
    agent_session_id       varchar(128)  not null,
    result_id              varchar(128)  not null,
    model                  varchar(128),
    cost_usd               numeric(20,10) not null,
    input_tokens           bigint        not null,
    output_tokens          bigint        not null,
    cache_read_tokens      bigint        not null,
    cache_creation_tokens  bigint        not null,
    total_cost_usd         numeric(20,10) not null,
    total_tokens           bigint        not null,
    cumulative_input       bigint        not null,
    cumulative_output      bigint        not null,
    cumulative_cache_read  bigint        not null,
    cumulative_cache_creation bigint     not null,
    recorded_at            timestamptz   not null,
    published              boolean       not null default false,
    position               bigserial     not null
);
create index usage_record_agent on usage_record (agent_session_id, position);
create index usage_record_unpublished on usage_record (published) where not published;

-- Pull-request URLs already announced for a session (announced once each).
create table detected_pull_request (
    session_id   varchar(128) not null,
    url          varchar(512) not null,
    detected_at  timestamptz  not null,
    primary key (session_id, url)
);
