-- When each step of a session's start began (pod, fetch, worktree): the start page shows the steps and their times.
alter table session add column pod_step_at timestamptz;
alter table session add column fetch_step_at timestamptz;
alter table session add column worktree_step_at timestamptz;
