package dev.podbench.chat;

import java.net.URI;
import java.nio.file.Path;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.test.common.http.TestHTTPResource;
import io.vertx.core.Vertx;

/**
 * What a test talking to the chat socket of a local-workspace session needs: Vert.x for its {@link ChatClient}, the
 * root the local pods' worktrees are under ({@link TestSessions}) and the gateway's address.
 */
abstract class ChatSocketTest {

    @Inject
    Vertx vertx;
    @ConfigProperty(name = "podbench.workspace.local.root")
    Path podRoot;
    @TestHTTPResource("/")
    URI base;
}
