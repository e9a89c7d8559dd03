package dev.podbench.session.sessions;

import java.util.List;

/** One page of a session listing and how many sessions match in all. */
public record SessionPage(List<SessionView> items, int page, int size, long total) {
}
