-- Daily rollup, maintained in the ingest transaction next to usage_hourly: one row per UTC day x session x model x
-- source x repository x user. GET /api/costs reads it for every UTC report that does not group by hour (a 90-day
-- range is a fraction of the hourly rows); usage_hourly stays for groupBy=hour and for other time zones, whose
-- days do not start at a UTC midnight. The session stays in the key so that `sessions` (distinct sessions per
-- group) remains exact for any combination of dimensions and filters.
CREATE TABLE usage_daily (
    day                   timestamptz NOT NULL, -- the UTC midnight the day starts at
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
    PRIMARY KEY (day, session_id, model, source, repository_id, user_id)
);
CREATE INDEX usage_daily_user_day ON usage_daily (user_id, day);
CREATE INDEX usage_daily_repository_day ON usage_daily (repository_id, day);

-- the ledger written so far, from its hourly rollup (same sums, coarser hours)
INSERT INTO usage_daily (day, session_id, model, source, repository_id, user_id, cost_usd, turns, input_tokens,
        output_tokens, cache_read_tokens, cache_creation_tokens)
SELECT date_trunc('day', hour, 'UTC'), session_id, model, source, repository_id, user_id, sum(cost_usd), sum(turns),
       sum(input_tokens), sum(output_tokens), sum(cache_read_tokens), sum(cache_creation_tokens)
FROM usage_hourly
GROUP BY 1, 2, 3, 4, 5, 6;
