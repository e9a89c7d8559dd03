package dev.podbench.session.repositories;

import java.time.Instant;
import java.util.UUID;

/** A repository as the API shows it. */
public record RepositoryView(UUID id, String name, String cloneUrl, String defaultBranch, String image, String createdBy,
        Instant createdAt) {

    static RepositoryView of(Repository repository) {
        return new RepositoryView(repository.id, repository.name, repository.cloneUrl, repository.defaultBranch,
                repository.image, repository.createdBy, repository.createdAt);
    }
}
