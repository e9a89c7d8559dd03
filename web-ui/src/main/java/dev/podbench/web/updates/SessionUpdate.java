package dev.podbench.web.updates;

/**
 * One server-sent event of {@code /api/sessions/{id}/updates}: {@code name} is {@code session} (a snapshot),
 * {@code cost} (a session total) or {@code pull-request} (detected / updated); {@code json} is the event's data.
 */
public record SessionUpdate(String sessionId, String name, String json) {
}
