-- Daily rollups for GET /api/costs, maintained in the ingest transaction next to usage_hourly (analytics/Rollup says
-- which answers what). Both keep the session in their key, so that `sessions` (distinct sessions per group) stays
-- exact for any combination of dimensions and filters. Days are UTC days: usage_hourly stays for groupBy=hour and
-- for other time zones, whose days do not start at a UTC midnight.

-- UTC day x session x model x source x repository x user: the columns of usage_hourly, the time one renamed (`day`
-- is the UTC midnight the day starts at). For UTC reports by model.
CREATE TABLE usage_daily (LIKE usage_hourly);
ALTER TABLE usage_daily RENAME COLUMN hour TO day;
ALTER TABLE usage_daily ADD PRIMARY KEY (day, session_id, model, source, repository_id, user_id);
CREATE INDEX usage_daily_user_day ON usage_daily (user_id, day);
CREATE INDEX usage_daily_repository_day ON usage_daily (repository_id, day);

-- The same without the model: a session's day in one row (a third of usage_daily's rows when sessions use three
-- models). For every other UTC report.
CREATE TABLE session_daily (LIKE usage_daily);
ALTER TABLE session_daily DROP COLUMN model;
ALTER TABLE session_daily ADD PRIMARY KEY (day, session_id, source, repository_id, user_id);
CREATE INDEX session_daily_user_day ON session_daily (user_id, day);
CREATE INDEX session_daily_repository_day ON session_daily (repository_id, day);

-- the ledger written so far, from its hourly rollup (the same sums over whole days)
INSERT INTO usage_daily (day, session_id, model, source, repository_id, user_id, cost_usd, turns, input_tokens,
        output_tokens, cache_read_tokens, cache_creation_tokens)
SELECT date_trunc('day', hour, 'UTC'), session_id, model, source, repository_id, user_id, sum(cost_usd), sum(turns),
       sum(input_tokens), sum(output_tokens), sum(cache_read_tokens), sum(cache_creation_tokens)
FROM usage_hourly
GROUP BY 1, 2, 3, 4, 5, 6;
INSERT INTO session_daily (day, session_id, source, repository_id, user_id, cost_usd, turns, input_tokens,
        output_tokens, cache_read_tokens, cache_creation_tokens)
SELECT day, session_id, source, repository_id, user_id, sum(cost_usd), sum(turns), sum(input_tokens),
       sum(output_tokens), sum(cache_read_tokens), sum(cache_creation_tokens)
FROM usage_daily
GROUP BY 1, 2, 3, 4, 5;
