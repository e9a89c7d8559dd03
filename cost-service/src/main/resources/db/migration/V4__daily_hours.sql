-- Which UTC hours of its day a daily rollup row has usage in: bit h (0..23) is set when the session had a turn in
-- hour h. With it a report in another time zone reads the daily rollups too (analytics/LocalDays): a local day is
-- a UTC day's hours on one side of the local midnight, and the bits say on which side(s) the session was present,
-- so its distinct-session counts stay exact; the sums of the smaller side come from usage_hourly.
ALTER TABLE usage_daily ADD COLUMN hours int4 NOT NULL DEFAULT 0;
ALTER TABLE session_daily ADD COLUMN hours int4 NOT NULL DEFAULT 0;

UPDATE usage_daily d SET hours = h.hours
FROM (SELECT date_trunc('day', hour, 'UTC') AS day, session_id, model, source, repository_id, user_id,
             bit_or(1 << extract(hour FROM hour AT TIME ZONE 'UTC')::int) AS hours
      FROM usage_hourly GROUP BY 1, 2, 3, 4, 5, 6) h
WHERE d.day = h.day AND d.session_id = h.session_id AND d.model = h.model AND d.source = h.source
  AND d.repository_id = h.repository_id AND d.user_id = h.user_id;

UPDATE session_daily d SET hours = h.hours
FROM (SELECT date_trunc('day', hour, 'UTC') AS day, session_id, source, repository_id, user_id,
             bit_or(1 << extract(hour FROM hour AT TIME ZONE 'UTC')::int) AS hours
      FROM usage_hourly GROUP BY 1, 2, 3, 4, 5) h
WHERE d.day = h.day AND d.session_id = h.session_id AND d.source = h.source
  AND d.repository_id = h.repository_id AND d.user_id = h.user_id;
