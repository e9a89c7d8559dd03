package dev.podbench.session;

import static dev.podbench.session.Api.as;
import static dev.podbench.session.Api.repository;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

import dev.podbench.testkit.KafkaTestResource;
import dev.podbench.testkit.PostgresTestResource;
import dev.podbench.testkit.TokenTestResource;

/** {@code GET /api/repositories/{id}/branches} against a real bare origin. */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(TokenTestResource.class)
@QuarkusTestResource(WorkspaceTestResource.class)
class RepositoryBranchesTest {

    private static String branchesPath(String repositoryId) {
        return "/api/repositories/" + repositoryId + "/branches";
    }

    @Test
    void listsTheRemoteBranchesSortedWithTheDefaultBranch() {
        Path origin = Git.origin();
        String id = repository("alice", "branches-" + UUID.randomUUID(), origin.toString());

        // any user may read them, like the repository itself
        as("bob").get(branchesPath(id)).then().statusCode(200)
                .body("defaultBranch", equalTo("main"))
                .body("branches", contains("feature/existing", "main"))
                .body("$", not(hasKey("truncated")));
    }

    @Test
    void answersAreReusedForAWhile() {
        Path origin = Git.origin();
        String id = repository("alice", "branches-cached-" + UUID.randomUUID(), origin.toString());
        as("alice").get(branchesPath(id)).then().statusCode(200).body("branches", contains("feature/existing", "main"));

        Git.run(origin, "branch", "later", "main");

        // within the cache time the remote is not asked again
        as("alice").get(branchesPath(id)).then().statusCode(200).body("branches", contains("feature/existing", "main"));
        assertThat(Git.branches(origin)).contains("later");
    }

    @Test
    void aLongListIsCutAndFlagged() throws IOException {
        Path origin = Git.origin();
        String sha = Git.head(origin, "main").strip();
        Path bulk = origin.resolve("refs/heads/bulk");
        Files.createDirectories(bulk);
        for (int i = 0; i < 1000; i++) {
            Files.writeString(bulk.resolve(String.format("b%04d", i)), sha + "\n");
        }
        String id = repository("alice", "branches-many-" + UUID.randomUUID(), origin.toString());

        List<String> branches = as("alice").get(branchesPath(id)).then().statusCode(200)
                .body("truncated", equalTo(true))
                .extract().path("branches");

        // 1002 on the remote, the first 1000 in order
        assertThat(branches).hasSize(1000).isSorted().startsWith("bulk/b0000").endsWith("bulk/b0999")
                .doesNotContain("main");
    }

    @Test
    void anUnreachableRemoteIsA422AndIsNotRemembered() throws IOException {
        Path origin = Git.origin();
        String id = repository("alice", "branches-gone-" + UUID.randomUUID(), origin.toString());
        Path away = origin.resolveSibling("moved-away.git");
        Files.move(origin, away);
        try {
            as("alice").get(branchesPath(id)).then().statusCode(422).contentType(ContentType.JSON)
                    .body("error", equalTo("the repository could not be reached"))
                    .body("detail", org.hamcrest.Matchers.notNullValue());
        } finally {
            Files.move(away, origin);
        }
        as("alice").get(branchesPath(id)).then().statusCode(200).body("branches", contains("feature/existing", "main"));
    }

    @Test
    void unknownOrDeletedRepositoriesAre404() {
        as("alice").get(branchesPath(UUID.randomUUID().toString())).then().statusCode(404)
                .contentType(ContentType.JSON).body("error", equalTo("repository not found"));
        as("alice").get(branchesPath("not-an-id")).then().statusCode(404).body("error", equalTo("repository not found"));

        String id = repository("alice", "branches-deleted-" + UUID.randomUUID(), Git.origin().toString());
        as("alice").delete("/api/repositories/" + id).then().statusCode(204);
        as("alice").get(branchesPath(id)).then().statusCode(404).body("detail", equalTo(Map.of("id", id)));
    }
}
