-- A session's timeline (GET /api/sessions/{id}/timeline) is read back from its published events, which the outbox
-- keeps: without this index every read scans the whole outbox.
create index outbox_event_session on outbox_event (session_id, seq);
