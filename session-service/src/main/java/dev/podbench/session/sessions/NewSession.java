package dev.podbench.session.sessions;

/** {@code POST /api/sessions}: no branch means a fresh {@code podbench/<user>/<short-id>} from the default branch. */
public record NewSession(String repositoryId, String branch) {
}
