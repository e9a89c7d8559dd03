package dev.podbench.session.repositories;

/** {@code POST /api/repositories}: a default branch left out is asked from the remote. */
public record NewRepository(String name, String cloneUrl, String defaultBranch, String image) {
}
