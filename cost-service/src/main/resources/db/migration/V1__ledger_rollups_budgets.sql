-- The usage ledger: one row per usage.recorded.v1 event, unique on the CloudEvent id. Money is NUMERIC
-- (exact, unbounded scale): never a float.
CREATE TABLE usage_event (
    event_id              text PRIMARY KEY,
    session_id            text        NOT NULL,
    source                text        NOT NULL CHECK (source IN ('session', 'task')),
    repository_id         text,
    user_id               text,
    model                 text,
    cost_usd              numeric     NOT NULL CHECK (cost_usd >= 0),
    input_tokens          bigint      NOT NULL,
    output_tokens         bigint      NOT NULL,
    cache_read_tokens     bigint      NOT NULL,
    cache_creation_tokens bigint      NOT NULL,
    agent_session_id      text,
    recorded_at           timestamptz NOT NULL,
    ingested_at           timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX usage_event_session ON usage_event (session_id, recorded_at);

-- Rollup maintained in the ingest transaction: one row per UTC hour x session x model x source x repository x
-- user. Analytics read only this table (a 90-day range is ~100x fewer rows than the ledger). Absent
-- repository/user/model are '' here, so the key has no NULLs.
CREATE TABLE usage_hourly (
    hour                  timestamptz NOT NULL,
    session_id            text        NOT NULL,
    model                 text        NOT NULL,
    source                text        NOT NULL,
    repository_id         text        NOT NULL,
    user_id               text        NOT NULL,
    cost_usd              numeric     NOT NULL,
    turns                 bigint      NOT NULL,
    input_tokens          bigint      NOT NULL,
    output_tokens         bigint      NOT NULL,
    cache_read_tokens     bigint      NOT NULL,
    cache_creation_tokens bigint      NOT NULL,
    PRIMARY KEY (hour, session_id, model, source, repository_id, user_id)
);
CREATE INDEX usage_hourly_session ON usage_hourly (session_id);
CREATE INDEX usage_hourly_user_hour ON usage_hourly (user_id, hour);
CREATE INDEX usage_hourly_repository_hour ON usage_hourly (repository_id, hour);

-- A session's running total (what cost.session-total.v1 publishes), updated in the ingest transaction.
CREATE TABLE session_cost (
    session_id            text PRIMARY KEY,
    repository_id         text,
    user_id               text,
    total_cost_usd        numeric     NOT NULL,
    turns                 bigint      NOT NULL,
    input_tokens          bigint      NOT NULL,
    output_tokens         bigint      NOT NULL,
    cache_read_tokens     bigint      NOT NULL,
    cache_creation_tokens bigint      NOT NULL,
    updated_at            timestamptz NOT NULL
);
CREATE INDEX session_cost_user ON session_cost (user_id);

CREATE TABLE budget (
    id         uuid PRIMARY KEY,
    scope      text        NOT NULL CHECK (scope IN ('session', 'user', 'repository', 'global')),
    scope_id   text        NOT NULL, -- '' for global
    limit_usd  numeric     NOT NULL CHECK (limit_usd > 0),
    period     text        NOT NULL CHECK (period IN ('total', 'day', 'month')),
    created_by text        NOT NULL,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    UNIQUE (scope, scope_id, period)
);

-- Spend per budget and period (UTC day, UTC month, or the epoch for 'total'), added to in the ingest
-- transaction. warned_at / exceeded_at: the alert was published for this period (a raised limit clears them).
CREATE TABLE budget_spend (
    budget_id       uuid        NOT NULL REFERENCES budget (id) ON DELETE CASCADE,
    period_start    timestamptz NOT NULL,
    spent_usd       numeric     NOT NULL,
    last_session_id text,
    warned_at       timestamptz,
    exceeded_at     timestamptz,
    PRIMARY KEY (budget_id, period_start)
);
