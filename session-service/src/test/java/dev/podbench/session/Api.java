package dev.podbench.session;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

import dev.podbench.testkit.TestTokens;

/** The service's HTTP API as the tests call it. */
public final class Api {

    private Api() {
    }

    public static RequestSpecification as(String user) {
        return given().auth().oauth2(TestTokens.bearer(user)).contentType(ContentType.JSON);
    }

    public static RequestSpecification asAdmin(String user) {
        return given().auth().oauth2(TestTokens.admin(user)).contentType(ContentType.JSON);
    }

    public static Response createRepository(String user, String name, String cloneUrl) {
        return as(user).body(Map.of("name", name, "cloneUrl", cloneUrl)).post("/api/repositories");
    }

    /** Registers a repository and returns its id. */
    public static String repository(String user, String name, String cloneUrl) {
        return createRepository(user, name, cloneUrl).then().statusCode(201).extract().path("id");
    }

    public static Response startSession(String user, String repositoryId, String branch) {
        Map<String, Object> body = new HashMap<>();
        body.put("repositoryId", repositoryId);
        if (branch != null) {
            body.put("branch", branch);
        }
        return as(user).body(body).post("/api/sessions");
    }

    /** Starts a session and waits until it is active; returns its id. */
    public static String activeSession(String user, String repositoryId, String branch) {
        String id = startSession(user, repositoryId, branch).then().statusCode(201).extract().path("id");
        awaitState(user, id, "active");
        return id;
    }

    public static Response session(String user, String id) {
        return as(user).get("/api/sessions/" + id);
    }

    public static Map<String, Object> awaitState(String user, String id, String state) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> {
            String current = session(user, id).then().statusCode(200).extract().path("state");
            if ("failed".equals(current) && !"failed".equals(state)) {
                throw new AssertionError("session " + id + " failed: " + session(user, id).asString());
            }
            return state.equals(current);
        });
        return session(user, id).then().extract().as(Map.class);
    }

    public static Response end(String user, String id) {
        return as(user).post("/api/sessions/" + id + "/end");
    }
}
