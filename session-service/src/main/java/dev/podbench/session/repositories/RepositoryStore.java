package dev.podbench.session.repositories;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class RepositoryStore implements PanacheRepositoryBase<Repository, UUID> {

    public Uni<Repository> findLive(UUID id) {
        return find("id = ?1 and deletedAt is null", id).firstResult();
    }

    public Uni<List<Repository>> listLive() {
        return list("deletedAt is null", Sort.by("name"));
    }

    public Uni<Boolean> liveNameTaken(String name) {
        return count("lower(name) = lower(?1) and deletedAt is null", name).map(n -> n > 0);
    }
}
