package dev.podbench.chat.permission;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;

@ApplicationScoped
public class SessionPermissionRepository implements PanacheRepositoryBase<SessionPermission, String> {
}
