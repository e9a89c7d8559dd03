package dev.podbench.session;

import static dev.podbench.session.Api.activeSession;
import static dev.podbench.session.Api.as;
import static dev.podbench.session.Api.asAdmin;
import static dev.podbench.session.Api.awaitState;
import static dev.podbench.session.Api.end;
import static dev.podbench.session.Api.repository;
import static dev.podbench.session.Api.session;
import static dev.podbench.session.Api.startSession;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

import dev.podbench.testkit.KafkaTestResource;
import dev.podbench.testkit.PostgresTestResource;
import dev.podbench.testkit.TestTokens;
import dev.podbench.testkit.TokenTestResource;

/** Sessions on the local runtime with real git: start, the branch policy, status, end, and who may see what. */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(TokenTestResource.class)
@QuarkusTestResource(WorkspaceTestResource.class)
class SessionLifecycleTest {

    @ConfigProperty(name = "podbench.workspace.local.root")
    String workspaces;

    Path origin;
    String repositoryId;

    @BeforeEach
    void origin() {
        origin = Git.origin();
        repositoryId = repository("alice", "lifecycle-" + UUID.randomUUID(), origin.toString());
    }

    private Path podRepository() {
        return Path.of(workspaces, repositoryId, "repo.git");
    }

    @Test
    void sessionWithoutBranchGetsANewBranchFromTheDefaultBranch() {
        var created = startSession("alice", repositoryId, null).then().statusCode(201)
                .header("Location", containsString("/api/sessions/"))
                .body("state", equalTo("starting"))
                .body("owner", equalTo("alice"))
                .body("repositoryId", equalTo(repositoryId))
                .body("branch", matchesPattern("podbench/alice/[0-9a-f]{8}"))
                .body("baseRef", equalTo("origin/main"))
                .extract();
        String id = created.path("id");
        Map<String, Object> active = awaitState("alice", id, "active");
        String branch = (String) active.get("branch");
        Path worktree = Path.of((String) active.get("worktreePath"));
        assertThat(active.get("pod")).isEqualTo(repositoryId);
        assertThat(active.get("startedAt")).isNotNull();
        assertThat(worktree).isDirectory().startsWith(Path.of(workspaces));
        assertThat(worktree.resolve("README.md")).hasContent("# origin");
        assertThat(Git.run(worktree, "rev-parse", "--abbrev-ref", "HEAD")).isEqualTo(branch);
        assertThat(Git.head(worktree, "HEAD")).isEqualTo(Git.head(origin, "main"));

        as("alice").get("/api/sessions/" + id + "/worktree").then().statusCode(200)
                .body("branch", equalTo(branch))
                .body("dirtyFiles.size()", equalTo(0))
                .body("unpushedCommits.size()", equalTo(0))
                .body("ahead", equalTo(0))
                .body("behind", equalTo(0));
    }

    @Test
    void worktreeStatusShowsWhatEndingWouldLose() throws Exception {
        String id = activeSession("alice", repositoryId, null);
        Path worktree = Path.of(session("alice", id).then().extract().<String>path("worktreePath"));
        Files.writeString(worktree.resolve("committed.txt"), "kept\n");
        Git.run(worktree, "add", "committed.txt");
        Git.run(worktree, "commit", "--quiet", "-m", "work in progress");
        Files.writeString(worktree.resolve("scratch.txt"), "lost on end\n");
        Files.writeString(worktree.resolve("README.md"), "# changed\n");

        as("alice").get("/api/sessions/" + id + "/worktree").then().statusCode(200)
                .body("dirtyFiles.path", org.hamcrest.Matchers.containsInAnyOrder("scratch.txt", "README.md"))
                .body("unpushedCommits.size()", equalTo(1))
                .body("unpushedCommits[0].subject", equalTo("work in progress"))
                .body("ahead", equalTo(1))
                .body("behind", equalTo(0));
        String sha = Git.head(worktree, "HEAD");
        String branch = Git.run(worktree, "rev-parse", "--abbrev-ref", "HEAD");

        end("alice", id).then().statusCode(200).body("state", equalTo("ended")).body("endReason", equalTo("user"))
                .body("endedAt", notNullValue());
        assertThat(worktree).doesNotExist();
        // The branch and its commit stay in the pod's repository; the worktree is gone from git's list too.
        assertThat(Git.head(podRepository(), "refs/heads/" + branch)).isEqualTo(sha);
        assertThat(Git.run(podRepository(), "worktree", "list")).doesNotContain(worktree.toString());
        // Ending twice is harmless.
        end("alice", id).then().statusCode(200).body("state", equalTo("ended"));
        as("alice").get("/api/sessions/" + id + "/worktree").then().statusCode(409)
                .body("error", equalTo("the session is not active"));
    }

    @Test
    void existingRemoteBranchIsCheckedOutTrackingOrigin() {
        String id = activeSession("alice", repositoryId, "feature/existing");
        var s = session("alice", id).then().body("branch", equalTo("feature/existing")).body("baseRef", nullValue())
                .extract();
        Path worktree = Path.of(s.<String>path("worktreePath"));
        assertThat(Git.head(worktree, "HEAD")).isEqualTo(Git.head(origin, "feature/existing"));
        assertThat(worktree.resolve("feature.txt")).exists();
        assertThat(Git.run(worktree, "rev-parse", "--abbrev-ref", "@{upstream}")).isEqualTo("origin/feature/existing");
        end("alice", id).then().statusCode(200);

        // Taken again after the end: the local branch now exists and is checked out as it is.
        String again = activeSession("alice", repositoryId, "feature/existing");
        end("alice", again).then().statusCode(200).body("state", equalTo("ended"));
    }

    @Test
    void unknownBranchIsCreatedFromTheDefaultBranch() {
        String id = activeSession("alice", repositoryId, "feature/brand-new");
        var s = session("alice", id).then().body("baseRef", equalTo("origin/main")).extract();
        Path worktree = Path.of(s.<String>path("worktreePath"));
        assertThat(Git.head(worktree, "HEAD")).isEqualTo(Git.head(origin, "main"));
        assertThat(Git.branches(origin)).doesNotContain("feature/brand-new");
        end("alice", id).then().statusCode(200);
    }

    @Test
    void aBranchHeldByAnotherActiveSessionIsA409NamingIt() {
        String holder = activeSession("alice", repositoryId, "feature/existing");
        startSession("bob", repositoryId, "feature/existing").then().statusCode(409)
                .body("error", equalTo("branch 'feature/existing' is in use by another session"))
                .body("detail.sessionId", equalTo(holder))
                .body("detail.branch", equalTo("feature/existing"));
        end("alice", holder).then().statusCode(200);
        String next = activeSession("bob", repositoryId, "feature/existing");
        end("bob", next).then().statusCode(200);
    }

    @Test
    void othersSessionsAreNotFoundAndAdminsSeeAll() {
        String alices = activeSession("alice", repositoryId, null);
        String bobs = activeSession("bob", repositoryId, null);

        session("bob", alices).then().statusCode(404).body("error", equalTo("session not found"));
        end("bob", alices).then().statusCode(404);
        as("bob").get("/api/sessions/" + alices + "/worktree").then().statusCode(404);
        session("alice", alices).then().statusCode(200).body("state", equalTo("active"));

        List<String> bobSees = as("bob").queryParam("repositoryId", repositoryId).get("/api/sessions")
                .then().statusCode(200).extract().path("id");
        assertThat(bobSees).containsExactly(bobs);
        List<String> adminSees = asAdmin("root").queryParam("repositoryId", repositoryId).get("/api/sessions")
                .then().statusCode(200).extract().path("id");
        assertThat(adminSees).containsExactly(bobs, alices);
        asAdmin("root").get("/api/sessions/" + alices).then().statusCode(200).body("owner", equalTo("alice"));

        // An admin may end anybody's session.
        asAdmin("root").post("/api/sessions/" + bobs + "/end").then().statusCode(200).body("state", equalTo("ended"));
        end("alice", alices).then().statusCode(200);
    }

    @Test
    void listingIsFilteredPagedAndNewestFirst() {
        String first = activeSession("carol", repositoryId, null);
        String second = activeSession("carol", repositoryId, null);
        String third = activeSession("carol", repositoryId, null);
        end("carol", first).then().statusCode(200);

        as("carol").queryParam("repositoryId", repositoryId).queryParam("size", 2).get("/api/sessions")
                .then().statusCode(200).header("X-Total-Count", "3")
                .body("id", equalTo(List.of(third, second)));
        as("carol").queryParam("repositoryId", repositoryId).queryParam("size", 2).queryParam("page", 1)
                .get("/api/sessions").then().statusCode(200).body("id", equalTo(List.of(first)));
        as("carol").queryParam("repositoryId", repositoryId).queryParam("state", "active").get("/api/sessions")
                .then().statusCode(200).header("X-Total-Count", "2").body("id", equalTo(List.of(third, second)));
        as("carol").queryParam("repositoryId", repositoryId).queryParam("state", "ended").get("/api/sessions")
                .then().statusCode(200).body("id", equalTo(List.of(first)));
        end("carol", second).then().statusCode(200);
        end("carol", third).then().statusCode(200);
    }

    @Test
    void endingKillsTheSessionsTmuxSessionsOnly() throws Exception {
        String id = activeSession("alice", repositoryId, null);
        String other = activeSession("alice", repositoryId, null);
        String worktree = session("alice", id).then().extract().path("worktreePath");
        tmux("new-session", "-d", "-s", "pb-" + id, "-c", worktree);
        tmux("new-session", "-d", "-s", "pb-" + id + "--logs", "-c", worktree);
        tmux("new-session", "-d", "-s", "pb-" + other, "-c", worktree);
        try {
            end("alice", id).then().statusCode(200).body("state", equalTo("ended"));
            String left = tmux("list-sessions", "-F", "#{session_name}");
            assertThat(left.lines().toList()).contains("pb-" + other).doesNotContain("pb-" + id, "pb-" + id + "--logs");
        } finally {
            tmux("kill-session", "-t", "=pb-" + other);
        }
        end("alice", other).then().statusCode(200);
    }

    @Test
    void endingASessionWithoutAnyTmuxServerIsFine() {
        tmux("kill-server");
        String id = activeSession("alice", repositoryId, null);
        end("alice", id).then().statusCode(200).body("state", equalTo("ended"));
    }

    @Test
    void deletingARepositoryEndsItsSessions() {
        String id = activeSession("alice", repositoryId, null);
        as("bob").delete("/api/repositories/" + repositoryId).then().statusCode(403);
        as("alice").delete("/api/repositories/" + repositoryId).then().statusCode(204);
        session("alice", id).then().statusCode(200).body("state", equalTo("ended")).body("endReason", equalTo("admin"));
        as("alice").get("/api/repositories/" + repositoryId).then().statusCode(404);
        startSession("alice", repositoryId, null).then().statusCode(404).body("error", equalTo("repository not found"));
    }

    @Test
    void everyApiCallNeedsAToken() {
        assertUnauthenticated(given().get("/api/sessions"));
        assertUnauthenticated(given().get("/api/repositories"));
        assertUnauthenticated(given().contentType("application/json").body("{}").post("/api/sessions"));
        assertUnauthenticated(given().post("/api/sessions/" + UUID.randomUUID() + "/end"));
        assertUnauthenticated(given().get("/api/repositories/" + repositoryId + "/branches"));
    }

    @Test
    void aBadOrExpiredTokenIsA401WithTheErrorBody() {
        assertUnauthenticated(given().auth().oauth2("not.a.jwt").get("/api/sessions"));
        assertUnauthenticated(given().auth().oauth2(TestTokens.bearer("alice") + "x").get("/api/sessions"));
        assertUnauthenticated(given().auth().oauth2(TestTokens.expired("alice")).get("/api/sessions"));
        assertUnauthenticated(given().auth().oauth2(TestTokens.expired("alice")).contentType("application/json")
                .body(Map.of("repositoryId", repositoryId)).post("/api/sessions"));
        as("alice").get("/api/sessions").then().statusCode(200);
    }

    @Test
    void aForbiddenDeleteCarriesTheErrorBody() {
        as("bob").delete("/api/repositories/" + repositoryId).then().statusCode(403)
                .contentType(ContentType.JSON)
                .body("error", equalTo("only the repository's creator or an admin may delete it"));
    }

    private static void assertUnauthenticated(io.restassured.response.Response response) {
        response.then().statusCode(401).contentType(ContentType.JSON)
                .header("WWW-Authenticate", startsWith("Bearer"))
                .body("error", equalTo("authentication required"))
                .body("detail", equalTo("a valid bearer token is needed"));
    }

    private static String tmux(String... args) {
        List<String> argv = new java.util.ArrayList<>(List.of("tmux", "-L", "podbench"));
        argv.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            p.waitFor();
            return out;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
