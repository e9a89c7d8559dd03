package dev.podbench.pr.status;

/** A check that did not pass, and where to read why ({@code details_url}, else {@code target_url}). */
public record FailingCheck(String name, String url) {
}
