package dev.podbench.session;

import static dev.podbench.session.Api.activeSession;
import static dev.podbench.session.Api.as;
import static dev.podbench.session.Api.repository;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Stream;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

import dev.podbench.testkit.KafkaTestResource;
import dev.podbench.testkit.PostgresTestResource;
import dev.podbench.testkit.TokenTestResource;

/**
 * Every refusal: its status, its message, and that it left nothing behind — no row, no outbox event, no branch (in
 * the origin or the pod), no worktree, no file under the workspaces, and none of the files the hostile inputs try to
 * create.
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(TokenTestResource.class)
@QuarkusTestResource(WorkspaceTestResource.class)
class BadInputTest {

    static final String CANARY = "/tmp/podbench-canary-" + UUID.randomUUID();
    static final String TAKEN_NAME = "bad-input-" + UUID.randomUUID();
    static final String REPOSITORY = "{repositoryId}";

    static Path origin;
    static String repositoryId;
    static String holderBranch;

    @ConfigProperty(name = "podbench.workspace.local.root")
    String workspaces;

    /** One refused request. {@code body} is JSON text; {@value #REPOSITORY} in it stands for the test repository. */
    record Case(String name, String method, String path, String body, int status, String error) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Case repo(String name, String body, int status, String error) {
        return new Case(name, "POST", "/api/repositories", body, status, error);
    }

    static Case cloneUrl(String url, int status, String error) {
        return repo("cloneUrl " + url, "{\"name\":\"r-" + UUID.randomUUID() + "\",\"cloneUrl\":\"" + url + "\"}", status,
                error);
    }

    static Case branch(String branch, String error) {
        return new Case("branch " + branch, "POST", "/api/sessions",
                "{\"repositoryId\":\"" + REPOSITORY + "\",\"branch\":\"" + branch.replace("\\", "\\\\") + "\"}", 400, error);
    }

    static Case list(String query, String error) {
        return new Case("list ?" + query, "GET", "/api/sessions?" + query, null, 400, error);
    }

    static Stream<Case> cases() {
        String scheme = "this kind of URL is not supported: use https://, ssh:// or git@host:path"
                + ", or file:///path for a repository on this machine";
        String gitRefuses = "git does not accept it as a branch name";
        return Stream.of(
                cloneUrl("ext::sh -c touch% " + CANARY, 400, "the clone URL must not contain spaces or control characters"),
                cloneUrl("ext::touch", 400, "remote-helper URLs (ext::, fd::, ...) are not allowed"),
                cloneUrl("fd::3", 400, "remote-helper URLs (ext::, fd::, ...) are not allowed"),
                cloneUrl("--upload-pack=touch", 400, "the clone URL must not start with '-'"),
                cloneUrl("-uhttps://example.com/r.git", 400, "the clone URL must not start with '-'"),
                cloneUrl("http://example.com/r.git", 400, scheme),
                cloneUrl("ftp://example.com/r.git", 400, scheme),
                cloneUrl("https://user:secret@example.com/r.git", 400, "the clone URL must not contain credentials (use a git credential helper instead)"),
                cloneUrl("https://token@example.com/r.git", 400, "the clone URL must not contain credentials (use a git credential helper instead)"),
                cloneUrl("https://example.com", 400, "the clone URL names no repository (its path is empty)"),
                cloneUrl("ssh://-oProxyCommand=touch/r.git", 400, "the clone URL's host is not valid"),
                cloneUrl("git@-oProxyCommand:r.git", 400, "the clone URL's host is not valid"),
                cloneUrl("git@host:-r.git", 400, "the clone URL's path must not start with '-'"),
                cloneUrl("relative/path", 400, "this is not a clone URL: use https://, ssh:// or git@host:path"
                        + ", or file:///path or an absolute path for a repository on this machine"),
                cloneUrl("file:///does/not/exist.git", 422, "the repository could not be reached"),
                cloneUrl("/does/not/exist.git", 422, "the repository could not be reached"),
                repo("name missing", "{\"cloneUrl\":\"https://example.com/r.git\"}", 400, "name is required"),
                repo("cloneUrl missing", "{\"name\":\"x\"}", 400, "the clone URL is required"),
                repo("name taken", "{\"name\":\"" + TAKEN_NAME.toUpperCase() + "\",\"cloneUrl\":\"{origin}\"}", 409,
                        "a repository named '" + TAKEN_NAME.toUpperCase() + "' already exists"),
                repo("bad image", "{\"name\":\"img\",\"cloneUrl\":\"{origin}\",\"image\":\"bad image!\"}", 400,
                        "image is not a valid container image reference"),
                repo("default branch option-like", "{\"name\":\"d\",\"cloneUrl\":\"{origin}\",\"defaultBranch\":\"-x\"}",
                        400, "invalid branch name '-x': a branch name must not start with '-'"),
                repo("default branch missing on remote",
                        "{\"name\":\"d\",\"cloneUrl\":\"{origin}\",\"defaultBranch\":\"nope\"}", 422,
                        "branch 'nope' does not exist on the remote"),
                repo("malformed JSON", "{\"name\":", 400, "malformed JSON body"),
                repo("wrong JSON type", "{\"name\":[1],\"cloneUrl\":\"x\"}", 400, "malformed JSON body"),

                branch("-rf", "invalid branch name '-rf': a branch name must not start with '-'"),
                branch("--orphan", "invalid branch name '--orphan': a branch name must not start with '-'"),
                branch("../../etc/passwd", "invalid branch name '../../etc/passwd': a branch name must not contain '..'"),
                branch("refs/heads/main", "invalid branch name 'refs/heads/main': give the branch name without 'refs/'"),
                branch("a b", "invalid branch name 'a b': a branch name must not contain spaces or control characters"),
                branch("", "invalid branch name '': a branch name must not be empty"),
                branch("foo.lock", "invalid branch name 'foo.lock': " + gitRefuses),
                branch("feature/", "invalid branch name 'feature/': " + gitRefuses),
                branch(".hidden", "invalid branch name '.hidden': " + gitRefuses),
                branch("x~1", "invalid branch name 'x~1': " + gitRefuses),
                branch("x:y", "invalid branch name 'x:y': " + gitRefuses),
                branch("a\\b", "invalid branch name 'a\\b': " + gitRefuses),
                branch("@{-1}", "invalid branch name '@{-1}': " + gitRefuses),
                branch("@", "invalid branch name '@': '@' is another name for HEAD"),
                branch("HEAD", "invalid branch name 'HEAD': " + gitRefuses),
                new Case("branch in use", "POST", "/api/sessions",
                        "{\"repositoryId\":\"" + REPOSITORY + "\",\"branch\":\"{holder}\"}", 409,
                        "branch '{holder}' is in use by another session"),
                new Case("repositoryId missing", "POST", "/api/sessions", "{}", 400, "repositoryId is required"),
                new Case("repositoryId malformed", "POST", "/api/sessions", "{\"repositoryId\":\"../x\"}", 400,
                        "repositoryId is not a valid id"),
                new Case("repository unknown", "POST", "/api/sessions",
                        "{\"repositoryId\":\"" + UUID.randomUUID() + "\"}", 404, "repository not found"),
                new Case("session body malformed", "POST", "/api/sessions", "[", 400, "malformed JSON body"),

                list("state=bogus", "state must be one of starting, active, ending, ended, failed"),
                list("size=0", "size must be between 1 and 100"),
                list("size=101", "size must be between 1 and 100"),
                list("page=-1", "page must be 0 or more"),
                list("page=abc", "page must be a number"),
                list("repositoryId=nope", "repositoryId is not a valid id"),
                new Case("session id malformed", "GET", "/api/sessions/..%2F..%2Fetc", null, 404, "session not found"),
                new Case("end unknown session", "POST", "/api/sessions/" + UUID.randomUUID() + "/end", null, 404,
                        "session not found"),
                new Case("repository id malformed", "GET", "/api/repositories/nope", null, 404, "repository not found"));
    }

    @BeforeEach
    void repositoryWithAPod() {
        if (repositoryId == null) {
            origin = Git.origin();
            repositoryId = repository("alice", TAKEN_NAME, origin.toString());
            // A live session: the pod exists (so branches in it can be checked) and holds a branch.
            String holder = activeSession("alice", repositoryId, null);
            holderBranch = as("alice").get("/api/sessions/" + holder).then().extract().path("branch");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void isRefusedAndLeavesNothingBehind(Case c) throws Exception {
        State before = state();

        RequestSpecification request = as("bob");
        if (c.body() != null) {
            request.body(c.body().replace(REPOSITORY, repositoryId).replace("{origin}", origin.toString())
                    .replace("{holder}", holderBranch));
        }
        Response response = "GET".equals(c.method()) ? request.get(c.path()) : request.post(c.path());
        response.then().statusCode(c.status())
                .body("error", equalTo(c.error().replace("{holder}", holderBranch)));

        assertThat(state()).isEqualTo(before);
        assertThat(Path.of(CANARY)).doesNotExist();
    }

    /** Everything a request could have left behind. */
    record State(Map<String, Long> rows, List<String> originBranches, List<String> podBranches, List<String> worktrees,
            TreeSet<String> files) {
    }

    private State state() throws SQLException, IOException {
        Path pod = Path.of(workspaces, repositoryId, "repo.git");
        return new State(rows(), Git.branches(origin), Git.branches(pod),
                Git.run(pod, "worktree", "list", "--porcelain").lines().filter(l -> l.startsWith("worktree ")).toList(),
                files(Path.of(workspaces)));
    }

    private Map<String, Long> rows() throws SQLException {
        Map<String, Long> counts = new HashMap<>();
        try (Connection c = Database.connect(); Statement st = c.createStatement()) {
            for (String table : List.of("repository", "session", "outbox_event")) {
                try (ResultSet rs = st.executeQuery("select count(*) from " + table)) {
                    rs.next();
                    counts.put(table, rs.getLong(1));
                }
            }
        }
        return counts;
    }

    /** Paths under the workspaces, leaving out git's own bookkeeping that reads may touch (index refresh, logs). */
    private static TreeSet<String> files(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            List<String> all = new ArrayList<>();
            walk.map(p -> root.relativize(p).toString())
                    .filter(p -> !p.contains("/objects/") && !p.endsWith("/index") && !p.endsWith("index.lock")
                            && !p.contains("/logs/") && !p.endsWith("FETCH_HEAD"))
                    .forEach(all::add);
            return new TreeSet<>(all);
        }
    }
}
