package dev.podbench.web.auth;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

import org.junit.jupiter.api.Test;

import dev.podbench.testkit.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

@QuarkusTest
class TokenLoginTest {

    @Test
    void aTokenLinkSetsAnHttpOnlyStrictCookieAndDropsTheToken() {
        String token = TestTokens.bearer("alice");
        Response response = given().redirects().follow(false).queryParam("token", token).get("/");
        assertThat(response.statusCode()).isEqualTo(303);
        assertThat(response.header("Location")).isEqualTo("/");
        String cookie = response.header("Set-Cookie");
        assertThat(cookie).startsWith("podbench_token=" + token + ";")
                .containsIgnoringCase("HttpOnly").containsIgnoringCase("SameSite=Strict").contains("Path=/")
                .containsIgnoringCase("Max-Age=");

        given().cookie("podbench_token", token).get("/api/me")
                .then().statusCode(200).body("name", is("alice")).body("admin", is(false));
    }

    @Test
    void anInvalidTokenLinkIsRefused() {
        given().redirects().follow(false).queryParam("token", "garbage").get("/")
                .then().statusCode(401).body(containsString("invalid or has expired"));
        given().redirects().follow(false).queryParam("token", TestTokens.expired("alice")).get("/")
                .then().statusCode(401);
    }

    @Test
    void bearerTokensWorkForScriptsAndAdminsAreRecognised() {
        given().auth().oauth2(TestTokens.admin("root")).get("/api/me")
                .then().statusCode(200).body("name", is("root")).body("admin", is(true));
        given().get("/api/me").then().statusCode(401);
    }

    @Test
    void aStaleCookieDoesNotStopTheAppFromLoading() {
        given().cookie("podbench_token", "stale").get("/").then().statusCode(200);
        given().cookie("podbench_token", "stale").get("/api/me").then().statusCode(401);
    }

    @Test
    void logoutClearsTheCookie() {
        Response response = given().redirects().follow(false).get("/logout");
        assertThat(response.statusCode()).isEqualTo(303);
        assertThat(response.header("Set-Cookie")).startsWith("podbench_token=;").contains("Max-Age=0");
    }
}
