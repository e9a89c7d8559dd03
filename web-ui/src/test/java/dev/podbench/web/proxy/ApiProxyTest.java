package dev.podbench.web.proxy;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.podbench.testkit.KafkaTestResource;
import dev.podbench.testkit.TestTokens;
import dev.podbench.testkit.TokenTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;

@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(TokenTestResource.class)
@QuarkusTestResource(UpstreamsTestResource.class)
class ApiProxyTest {

    private static Vertx vertx;

    @TestHTTPResource("/")
    URL base;

    @BeforeAll
    static void startClient() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stopClient() {
        vertx.close();
    }

    @ParameterizedTest
    @CsvSource({
            "/api/repositories, session-service",
            "/api/repositories/r1/branches, session-service",
            "/api/sessions, session-service",
            "/api/sessions/s1, session-service",
            "/api/sessions/s1/worktree, session-service",
            "/api/sessions/s1/chat/events, chat-gateway",
            "/api/sessions/s1/pull-requests, pr-tracker",
            "/api/sessions/s1/cost, cost-service",
            "/api/costs, cost-service",
    })
    void routesEachPathToItsServiceWithTheBearerToken(String path, String service) {
        String token = TestTokens.bearer("alice");
        given().auth().oauth2(token).queryParam("state", "active").get(path)
                .then().statusCode(200)
                .body("service", is(service))
                .body("path", is(path))
                .body("query", is("state=active"))
                .body("authorization", is("Bearer " + token));
    }

    @Test
    void forwardsBodiesAndStatusesAndKeepsTheLoginCookieHere() {
        String token = TestTokens.bearer("alice");
        given().cookie("podbench_token", token).contentType("application/json").body("{\"name\":\"demo\"}")
                .post("/api/repositories")
                .then().statusCode(200)
                .body("method", is("POST"))
                .body("body", is("{\"name\":\"demo\"}"))
                .body("authorization", is("Bearer " + token))
                .body("cookie", nullValue());
        given().auth().oauth2(token).post("/api/sessions/s1/end").then().statusCode(200).body("path", is("/api/sessions/s1/end"));
        given().auth().oauth2(token).get("/api/repositories/missing").then().statusCode(404);
    }

    @ParameterizedTest
    @CsvSource(nullValues = "none", value = {
            "/api/repositories, none, none",
            "/api/sessions, garbage, none",
            "/api/costs, expired, none",
            "/api/sessions, none, garbage",
            "/api/sessions/s1/pull-requests, none, expired",
    })
    void refusesUnauthenticatedCallersWithAJsonErrorBeforeProxying(String path, String bearer, String cookie) {
        var request = given();
        if (bearer != null) {
            request.auth().oauth2(bearer.equals("expired") ? TestTokens.expired("alice") : bearer);
        }
        if (cookie != null) {
            request.cookie("podbench_token", cookie.equals("expired") ? TestTokens.expired("alice") : cookie);
        }
        request.get(path).then().statusCode(401)
                .contentType("application/json")
                .body("error", is("authentication required"))
                .body("detail", org.hamcrest.Matchers.notNullValue())
                .body("service", nullValue());
    }

    @ParameterizedTest
    @CsvSource(nullValues = "none", value = {
            "/api/sessions/s1/terminal, none, none",
            "/api/sessions/s1/chat, garbage, none",
            "/api/sessions/s1/terminal, expired, none",
            "/api/sessions/s1/chat, none, garbage",
    })
    void acceptsAndClosesAnUnauthenticatedWebSocketWith4401(String path, String bearer, String cookie) throws Exception {
        String origin = "http://" + base.getHost() + ":" + base.getPort();
        String token = bearer == null ? null : bearer.equals("expired") ? TestTokens.expired("alice") : bearer;
        CompletableFuture<Short> closed = new CompletableFuture<>();
        List<String> frames = new CopyOnWriteArrayList<>();
        connect(path, cookie == null ? null : "podbench_token=" + cookie, origin, token, socket -> {
            socket.textMessageHandler(frames::add);
            socket.closeHandler(v -> closed.complete(socket.closeStatusCode()));
        });
        assertThat(closed.get(10, TimeUnit.SECONDS)).isEqualTo((short) 4401);
        assertThat(frames).as("nothing from the gateway reaches an unauthenticated caller").isEmpty();
    }

    @Test
    void refusesWebSocketsFromAForeignOriginBeforeTheUpgrade() {
        String token = TestTokens.bearer("alice");
        assertThat(upgradeStatus("/api/sessions/s1/terminal", token, "https://evil.example")).isEqualTo(403);
        assertThat(upgradeStatus("/api/sessions/s1/chat", token, "null")).isEqualTo(403);
        // refused for the origin, whatever the identity: a foreign page learns nothing about the login
        assertThat(upgradeStatus("/api/sessions/s1/terminal", null, "https://evil.example")).isEqualTo(403);
        assertThat(upgradeStatus("/api/sessions/s1/chat", "garbage", "https://evil.example")).isEqualTo(403);
    }

    @Test
    void relaysAnUpstreamRefusal() {
        assertThat(upgradeStatus("/api/sessions/refused/terminal", TestTokens.bearer("alice"), null)).isEqualTo(403);
    }

    @Test
    void tunnelsTerminalAndChatWebSocketsWithIdentityAndOrigin() throws Exception {
        String token = TestTokens.bearer("alice");
        String origin = "http://" + base.getHost() + ":" + base.getPort();
        for (String path : new String[] { "/api/sessions/s1/terminal?cols=120&rows=40", "/api/sessions/s1/chat" }) {
            CompletableFuture<String> hello = new CompletableFuture<>();
            CompletableFuture<String> text = new CompletableFuture<>();
            CompletableFuture<Buffer> binary = new CompletableFuture<>();
            WebSocket ws = connect(path, null, origin, token, socket -> {
                socket.textMessageHandler(m -> {
                    if (!hello.isDone()) {
                        hello.complete(m);
                    } else {
                        text.complete(m);
                    }
                });
                socket.binaryMessageHandler(binary::complete);
            });
            JsonObject seen = new JsonObject(hello.get(10, TimeUnit.SECONDS));
            assertThat(seen.getString("service")).isEqualTo(path.contains("terminal") ? "terminal-gateway" : "chat-gateway");
            assertThat(seen.getString("authorization")).isEqualTo("Bearer " + token);
            assertThat(seen.getString("origin")).isEqualTo(origin);
            assertThat(seen.getString("cookie")).isNull();
            if (path.contains("cols")) {
                assertThat(seen.getString("query")).isEqualTo("cols=120&rows=40");
            }
            ws.writeTextMessage("{\"type\":\"resize\",\"cols\":100,\"rows\":30}");
            ws.writeBinaryMessage(Buffer.buffer(new byte[] { 'l', 's', '\r', 0, (byte) 0xff }));
            assertThat(text.get(10, TimeUnit.SECONDS)).isEqualTo("{\"type\":\"resize\",\"cols\":100,\"rows\":30}");
            assertThat(binary.get(10, TimeUnit.SECONDS).getBytes()).containsExactly('l', 's', '\r', 0, (byte) 0xff);
            ws.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void anIdleTunnelOutlivesTheUpstreamTimeout() throws Exception {
        CompletableFuture<String> hello = new CompletableFuture<>();
        CompletableFuture<String> echo = new CompletableFuture<>();
        WebSocket ws = connect("/api/sessions/idle/terminal", null, null, TestTokens.bearer("alice"),
                socket -> socket.textMessageHandler(m -> {
                    if (!hello.complete(m)) {
                        echo.complete(m);
                    }
                }));
        hello.get(10, TimeUnit.SECONDS);
        // podbench.web.services.timeout is 3s in tests: the tunnel must stay open well past it
        await().during(Duration.ofMillis(4_500)).atMost(Duration.ofSeconds(15)).until(() -> !ws.isClosed());
        ws.writeTextMessage("still there");
        assertThat(echo.get(10, TimeUnit.SECONDS)).isEqualTo("still there");
        ws.close();
    }

    @Test
    void theLoginCookieAuthenticatesAWebSocket() throws Exception {
        String token = TestTokens.bearer("alice");
        CompletableFuture<String> hello = new CompletableFuture<>();
        WebSocket ws = connect("/api/sessions/s2/terminal", "podbench_token=" + token, null, null,
                socket -> socket.textMessageHandler(hello::complete));
        assertThat(new JsonObject(hello.get(10, TimeUnit.SECONDS)).getString("authorization")).isEqualTo("Bearer " + token);
        ws.close();
    }

    @Test
    void aSlowBrowserStallsTheUpstreamInsteadOfFillingMemory() throws Exception {
        AtomicLong received = new AtomicLong();
        WebSocket ws = connect("/api/sessions/flood/terminal", null, null, TestTokens.bearer("alice"), socket -> {
            socket.binaryMessageHandler(b -> received.addAndGet(b.length()));
            socket.pause();
        });
        // the upstream keeps writing only while the tunnel takes bytes: with nobody reading it must stop soon
        long[] last = { -1 };
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(700)).until(() -> {
            long now = floodStats();
            boolean stalled = now > 0 && now == last[0];
            last[0] = now;
            return stalled;
        });
        long stalledAt = floodStats();
        assertThat(stalledAt).as("bytes the upstream could write with nobody reading").isLessThan(48L << 20);
        // reading again: the flood resumes through the same tunnel
        ws.resume();
        await().atMost(Duration.ofSeconds(20)).until(() -> received.get() > stalledAt + (8L << 20));
        ws.close();
    }

    private WebSocket connect(String uri, String cookie, String origin, String token) throws Exception {
        return connect(uri, cookie, origin, token, socket -> {
        });
    }

    /** {@code setup} runs on the socket's event loop before any frame is handled: no frame is missed. */
    private WebSocket connect(String uri, String cookie, String origin, String token,
            java.util.function.Consumer<WebSocket> setup) throws Exception {
        return vertx.createHttpClient().webSocket(options(uri, cookie, origin, token))
                .onSuccess(setup::accept)
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private int upgradeStatus(String uri, String token, String origin) {
        try {
            connect(uri, null, origin, token).close();
            return 101;
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof UpgradeRejectedException rejected) {
                return rejected.getStatus();
            }
            throw new AssertionError(e);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private WebSocketConnectOptions options(String uri, String cookie, String origin, String token) {
        WebSocketConnectOptions options = new WebSocketConnectOptions()
                .setHost(base.getHost()).setPort(base.getPort()).setURI(uri).setAllowOriginHeader(origin != null);
        if (token != null) {
            options.addHeader("Authorization", "Bearer " + token);
        }
        if (cookie != null) {
            options.addHeader("Cookie", cookie);
        }
        if (origin != null) {
            options.addHeader("Origin", origin);
        }
        return options;
    }

    private static long floodStats() throws Exception {
        String terminal = ConfigProvider.getConfig().getValue("podbench.web.services.terminal-gateway", String.class);
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(terminal + "/flood-stats")).build(), HttpResponse.BodyHandlers.ofString());
        return Long.parseLong(response.body());
    }
}
