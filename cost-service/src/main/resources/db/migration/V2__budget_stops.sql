-- The budgets whose budget-exceeded was published and not lifted yet: one row per budget, written after the
-- event was acknowledged, removed after its budget-lifted was. No foreign key: a deleted budget's stop must
-- outlive it until the lift is published, so the row keeps what the event needs.
CREATE TABLE budget_stop (
    budget_id    uuid PRIMARY KEY,
    scope        text        NOT NULL,
    scope_id     text        NOT NULL, -- '' for global
    period       text        NOT NULL,
    period_start timestamptz NOT NULL, -- the period the budget was used up in
    limit_usd    numeric     NOT NULL,
    spent_usd    numeric     NOT NULL,
    session_id   text        NOT NULL, -- the session the budget-exceeded named
    stopped_at   timestamptz NOT NULL
);
