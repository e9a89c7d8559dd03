package dev.podbench.session.repositories;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A git repository sessions can be started in; its pod is found or started on the first session. */
@Entity
@Table(name = "repository")
public class Repository {

    @Id
    public UUID id;

    public String name;

    @Column(name = "clone_url")
    public String cloneUrl;

    @Column(name = "default_branch")
    public String defaultBranch;

    public String image;

    @Column(name = "created_by")
    public String createdBy;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "deleted_at")
    public Instant deletedAt;
}
