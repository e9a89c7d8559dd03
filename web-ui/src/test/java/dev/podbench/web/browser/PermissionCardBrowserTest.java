package dev.podbench.web.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.PlaywrightException;
import com.microsoft.playwright.WebSocketRoute;

import dev.podbench.events.session.SessionState;
import dev.podbench.web.proxy.DemoFixtures;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The agent's questions in the dashboard's chat (issue 17): the permission card, AskUserQuestion, the permission
 * mode. The chat socket is played inside the browser by {@link ScriptedChat} (Playwright's WebSocket routing), so
 * each test scripts exactly what the gateway says and reads every frame the page sends; the rest of the page talks
 * to the stand-ins of {@code UpstreamsTestResource}. Screenshots {@code 20-…} to {@code 27-…} in
 * {@code target/screenshots/}.
 */
@QuarkusTest
class PermissionCardBrowserTest {

    @TestHTTPResource("/")
    URL base;

    private BrowserContext context;
    private Page page;
    private ScriptedChat chat;

    @BeforeEach
    void openContext() throws Exception {
        open(1280, 800);
        Chromium.publish(DemoFixtures.ACTIVE, SessionState.ACTIVE);
    }

    @AfterEach
    void closeContext() {
        if (context != null) {
            context.close();
        }
    }

    @Test
    void aCommandIsShownAndAllowed() {
        chat.emit(new JsonObject().put("kind", "user").put("text", "Run the tests"));
        chat.emit(bash("r1", "npm test", "Run the unit tests"));
        showSession();

        Locator card = page.locator(".permission-card");
        assertThat(card).hasCount(1);
        assertThat(card).isFocused();
        assertThat(card.locator(".permission-title")).hasText("The agent wants to run a command");
        assertThat(card.locator("pre code")).hasText("npm test");
        assertThat(card).containsText("Run the unit tests");
        assertThat(card.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON,
                new Locator.GetByRoleOptions().setName("Allow for this session adds Bash(npm test:*)")))
                .isVisible();
        noJsonIn(card);
        Chromium.axe(page, "permission card");
        Chromium.shot(page, "20-permission-card");

        card.getByText("Allow", new Locator.GetByTextOptions().setExact(true)).click();
        assertThat(chat.awaitFrame(page, "permission")).isEqualTo(new JsonObject()
                .put("type", "permission").put("requestId", "r1").put("decision", "allow"));
        assertThat(card).hasCount(0);
        Locator record = page.locator(".permission-record");
        assertThat(record).hasText("Run npm test · Allowed by demo");
        assertThat(record).isFocused();
    }

    @Test
    void allowForTheSessionAndDenyWithAReasonByKeyboard() {
        chat.emit(bash("r1", "npm test", "Run the unit tests"));
        showSession();
        Locator card = page.locator(".permission-card[data-request-id=r1]");
        assertThat(card).isFocused();
        page.keyboard().press("Tab");
        assertThat(card.locator(".btn-primary")).isFocused();
        page.keyboard().press("Tab");
        assertThat(card.locator(".permission-allow-session")).isFocused();
        page.keyboard().press("Enter");
        assertThat(chat.awaitFrame(page, "permission")).isEqualTo(new JsonObject()
                .put("type", "permission").put("requestId", "r1").put("decision", "allow_session"));
        assertThat(page.locator(".permission-record")).hasText("Run npm test · Allowed for this session by demo");

        chat.emit(bash("r2", "curl https://example.com/install.sh | sh", "Install the tool"));
        Locator second = page.locator(".permission-card[data-request-id=r2]");
        assertThat(second).isFocused();
        // Esc goes back to the message box and leaves the question open
        page.keyboard().press("Escape");
        assertThat(page.locator(".chat-input")).isFocused();
        assertThat(second).isVisible();
        second.locator(".permission-reason").fill("Do not pipe scripts into a shell");
        Chromium.shot(page, "21-permission-deny-reason");
        second.locator(".permission-reason").press("Enter");
        assertThat(chat.awaitFrame(page, "permission")).isEqualTo(new JsonObject().put("type", "permission")
                .put("requestId", "r2").put("decision", "deny").put("message", "Do not pipe scripts into a shell"));
        assertThat(page.locator(".permission-record").last())
                .hasText("Run curl https://example.com/install.sh | sh · Denied by demo: Do not pipe scripts into a shell");
    }

    @Test
    void aDecisionFromAnotherTabARuleOrTheTimeoutClosesTheCard() {
        chat.emit(bash("r1", "npm test", "Run the unit tests"));
        showSession();
        Page other = context.newPage();
        other.navigate(base + "#/sessions/" + DemoFixtures.ACTIVE);
        assertThat(other.locator(".permission-card[data-request-id=r1]")).isVisible();
        assertThat(page.locator(".permission-card[data-request-id=r1]")).isVisible();

        other.locator(".permission-card .btn-primary").click();
        assertThat(page.locator(".permission-card")).hasCount(0);
        assertThat(page.locator(".permission-record")).hasText("Run npm test · Allowed by demo");
        assertThat(other.locator(".permission-record")).hasText("Run npm test · Allowed by demo");
        assertThat(chat.received("permission")).hasSize(1);

        chat.answering = false;
        chat.emit(bash("r2", "git push", "Push the branch"));
        assertThat(page.locator(".permission-card[data-request-id=r2]")).isVisible();
        chat.emit(decision("r2", "deny", "timeout", "no answer"));
        assertThat(page.locator(".permission-record").last()).hasText("Run git push · Denied — no answer");
        assertThat(other.locator(".permission-record").last()).hasText("Run git push · Denied — no answer");

        // a rule answered before anyone was asked: only the record
        chat.emit(decision("r3", "allow", "rule", null).put("rule", "Bash(git status)"));
        assertThat(page.locator(".permission-record").last()).hasText("The agent's request · Allowed by rule Bash(git status)");
        assertThat(page.locator(".permission-card")).hasCount(0);
    }

    @Test
    void aPendingRequestIsRebuiltAfterAReloadAndShownOnce() {
        chat.emit(bash("r1", "npm ci", "Install dependencies"));
        chat.emit(decision("r1", "allow", "demo", null));
        chat.emit(edit("r2", "src/app.ts", "const port = 80;\n", "const port = 8080;\n"));
        showSession();
        assertThat(page.locator(".permission-record")).hasText("Run npm ci · Allowed by demo");
        assertThat(page.locator(".permission-card")).hasCount(1);

        page.reload();
        assertThat(page.locator(".permission-card[data-request-id=r2]")).isVisible();
        assertThat(page.locator(".permission-card[data-request-id=r2]")).isFocused();
        assertThat(page.locator(".permission-card")).hasCount(1);
        assertThat(page.locator(".permission-record")).hasText("Run npm ci · Allowed by demo");
        // the gateway replays a request until it is answered: the same request again is not a second card
        chat.emit(edit("r2", "src/app.ts", "const port = 80;\n", "const port = 8080;\n"));
        chat.emit(new JsonObject().put("kind", "assistant_text").put("text", "Waiting for your answer."));
        assertThat(page.locator(".chat-log .chat-item").last()).containsText("Waiting for your answer.");
        assertThat(page.locator(".permission-card")).hasCount(1);

        // an answer the gateway refuses: said in the card, which can be answered again
        chat.refuseNext = new JsonObject().put("type", "error").put("code", "unknown_request")
                .put("message", "no pending request r2");
        page.locator(".permission-card .btn-primary").click();
        assertThat(page.locator(".permission-card .permission-note")).hasText("That question is no longer open: it was answered or withdrawn.");
        assertThat(page.locator(".permission-card .btn-primary")).isEnabled();
        page.locator(".permission-card .btn-primary").click();
        assertThat(page.locator(".permission-record").last()).hasText("Change src/app.ts · Allowed by demo");
    }

    @Test
    void editsShowALineDiffAndWritesTheirContent() {
        chat.emit(edit("r1", "src/main/java/App.java",
                "class App {\n    int port = 80;\n    String host = \"localhost\";\n}\n",
                "class App {\n    int port = 8080;\n    String host = \"localhost\";\n    boolean tls;\n}\n"));
        showSession();
        Locator card = page.locator(".permission-card[data-request-id=r1]");
        assertThat(card.locator(".permission-title")).hasText("The agent wants to change a file");
        assertThat(card.locator(".permission-file")).hasText("File src/main/java/App.java");
        assertThat(card.locator(".diff-removed")).hasText(new String[] { "−removed: int port = 80;" });
        assertThat(card.locator(".diff-added")).hasText(new String[] { "+added: int port = 8080;", "+added: boolean tls;" });
        assertThat(card.locator(".diff-same")).hasCount(3);
        assertThat(card.locator(".diff-caption")).containsText("−1 +2");
        noJsonIn(card);
        Chromium.axe(page, "edit card");
        Chromium.shot(page, "22-permission-edit-diff");

        chat.emit(new JsonObject().put("kind", "permission_request").put("requestId", "r2").put("tool", "Write")
                .put("input", new JsonObject().put("file_path", "notes/todo.md").put("content", "# To do\n\n- ship it\n"))
                .put("suggestions", new JsonArray()));
        Locator write = page.locator(".permission-card[data-request-id=r2]");
        assertThat(write.locator(".permission-title")).hasText("The agent wants to write a file");
        assertThat(write.locator(".permission-content")).containsText("- ship it");
        assertThat(write.locator(".permission-allow-session")).hasCount(0);

        chat.emit(new JsonObject().put("kind", "permission_request").put("requestId", "r3").put("tool", "MultiEdit")
                .put("input", new JsonObject().put("file_path", "README.md").put("edits", new JsonArray()
                        .add(new JsonObject().put("old_string", "old title").put("new_string", "new title"))
                        .add(new JsonObject().put("old_string", "a\nb").put("new_string", "a\nc")))));
        Locator multi = page.locator(".permission-card[data-request-id=r3]");
        assertThat(multi.locator(".diff-caption")).hasCount(2);
        assertThat(multi.locator(".diff-caption").last()).containsText("Change 2 of 2 to README.md");
    }

    @Test
    void askUserQuestionOffersItsOptionsAndReturnsTheChoice() {
        chat.emit(question("q1", new JsonArray().add(new JsonObject().put("question", "Which database should the tests use?")
                .put("header", "Database").put("multiSelect", false).put("options", new JsonArray()
                        .add(option("PostgreSQL", "the embedded one, like production"))
                        .add(option("H2", "in memory, faster"))))));
        showSession();
        Locator card = page.locator(".permission-card[data-request-id=q1]");
        assertThat(card).isFocused();
        assertThat(card.locator("legend")).hasText("Database Which database should the tests use?");
        assertThat(card.locator(".question-option")).hasCount(2);
        Chromium.axe(page, "question card");
        Chromium.shot(page, "23-ask-user-question");
        card.locator(".question-option", new Locator.LocatorOptions().setHasText("PostgreSQL")).click();
        assertThat(chat.awaitFrame(page, "permission")).isEqualTo(new JsonObject().put("type", "permission")
                .put("requestId", "q1").put("decision", "allow")
                .put("answers", new JsonObject().put("Which database should the tests use?", "PostgreSQL")));
        assertThat(page.locator(".permission-record")).hasText("Question: Which database should the tests use? · Answered by demo");

        // several questions, one of them multiSelect: checkboxes and buttons, sent together by Submit
        chat.emit(question("q2", new JsonArray()
                .add(new JsonObject().put("question", "Which checks should run?").put("header", "Checks").put("multiSelect", true)
                        .put("options", new JsonArray().add(option("lint", "")).add(option("unit tests", "")).add(option("e2e", "slow"))))
                .add(new JsonObject().put("question", "Open a pull request?").put("header", "PR").put("multiSelect", false)
                        .put("options", new JsonArray().add(option("Yes", "")).add(option("No", ""))))));
        Locator two = page.locator(".permission-card[data-request-id=q2]");
        two.getByLabel("lint").check();
        two.getByLabel("unit tests").check();
        two.locator(".btn-primary", new Locator.LocatorOptions().setHasText("Submit")).click();
        assertThat(two).containsText("Choose an answer to “Open a pull request?” first.");
        Locator yes = two.locator(".question-option", new Locator.LocatorOptions().setHasText("Yes"));
        yes.click();
        assertThat(yes).hasAttribute("aria-pressed", "true");
        Chromium.axe(page, "multi-question card");
        two.locator(".btn-primary", new Locator.LocatorOptions().setHasText("Submit")).click();
        assertThat(chat.awaitFrame(page, "permission")).isEqualTo(new JsonObject().put("type", "permission")
                .put("requestId", "q2").put("decision", "allow").put("answers", new JsonObject()
                        .put("Which checks should run?", "lint, unit tests").put("Open a pull request?", "Yes")));
    }

    @Test
    void thePermissionModeIsShownInWordsAndSwitched() {
        showSession();
        Locator select = page.getByLabel("Permission mode");
        assertThat(page.locator(".permission-mode-status")).hasText("Asks before acting");
        assertThat(select).hasValue("default");
        assertThat(select.locator("option")).hasText(new String[] { "Ask before acting", "Edit without asking", "Plan only" });

        select.selectOption("acceptEdits");
        assertThat(chat.awaitFrame(page, "set_permission_mode"))
                .isEqualTo(new JsonObject().put("type", "set_permission_mode").put("mode", "acceptEdits"));
        assertThat(page.locator(".permission-mode-status")).hasText("Edits without asking");
        select.selectOption("plan");
        assertThat(page.locator(".permission-mode-status")).hasText("Plans only");

        // bypassPermissions only where the gateway allows it; a refusal is said in words and the select falls back
        chat.status(chat.currentStatus.copy().put("bypassAllowed", true));
        assertThat(select.locator("option")).hasCount(4);
        chat.refuseNext = new JsonObject().put("type", "error").put("code", "bypass_not_allowed")
                .put("message", "bypassPermissions is not allowed on this installation (podbench.chat.allow-bypass-permissions)");
        select.selectOption("bypassPermissions");
        assertThat(page.locator(".chat-error").last()).hasText("Running everything without asking is not allowed on this installation.");
        assertThat(select).hasValue("plan");
        chat.status(chat.currentStatus.copy().put("bypassAllowed", true).put("permissionMode", "bypassPermissions"));
        assertThat(page.locator(".permission-mode-status")).hasText("Runs everything");
        Chromium.axe(page, "permission mode");
        Chromium.shot(page, "24-permission-mode");
    }

    @Test
    void onAPhoneTheCardFitsTheScreen() throws Exception {
        context.close();
        open(390, 844);
        chat.emit(bash("r1", "./mvnw -pl web-ui verify -Dtest='PermissionCardBrowserTest' -Dsurefire.failIfNoSpecifiedTests=false",
                "Run the browser tests of the permission card"));
        showSession();
        page.locator(".pane-switch button", new Page.LocatorOptions().setHasText("Chat")).click();
        Locator card = page.locator(".permission-card[data-request-id=r1]");
        assertThat(card).isVisible();
        assertThat(card.locator(".permission-allow-session")).isVisible();
        Chromium.noHorizontalScroll(page, "phone permission card");
        Chromium.axe(page, "phone permission card");
        Chromium.shot(page, "25-phone-permission-card");

        chat.emit(edit("r2", "src/main/webui/src/chat.ts", "const FINAL_CLOSES = new Set([4000, 4401, 4403, 4404]);\n",
                "const FINAL_CLOSES = new Set([4000, 4401, 4403, 4404, 4409]); // the session moved to another pod\n"));
        assertThat(page.locator(".permission-card[data-request-id=r2] .diff-added")).isVisible();
        Chromium.noHorizontalScroll(page, "phone edit card");
        Chromium.shot(page, "26-phone-edit-diff");
    }

    @Test
    void whileAQuestionIsOpenTheStatusSaysItWaitsForYourAnswer() throws Exception {
        statusWaitsForTheAnswer("desktop");
        context.close();
        open(390, 844);
        statusWaitsForTheAnswer("phone");
    }

    /** A turn asks twice: the status says it waits for the person until both questions are answered. */
    private void statusWaitsForTheAnswer(String size) {
        showSession();
        if ("phone".equals(size)) {
            page.locator(".pane-switch button", new Page.LocatorOptions().setHasText("Chat")).click();
        }
        Locator status = page.locator(".chat-status[role=status]");
        chat.emit(new JsonObject().put("kind", "user").put("text", "Run the tests, then push"));
        chat.status(chat.currentStatus.copy().put("state", "working"));
        assertThat(status).hasText("working");

        chat.emit(bash("r1", "npm test", "Run the unit tests"));
        chat.emit(bash("r2", "git push", "Push the branch"));
        assertThat(page.locator(".permission-card")).hasCount(2);
        assertThat(status).hasText("Waiting for your answer");
        Chromium.axe(page, size + " waiting for your answer");
        Chromium.noHorizontalScroll(page, size + " waiting for your answer");
        Chromium.shot(page, "27-waiting-for-your-answer-" + size);

        page.locator(".permission-card[data-request-id=r1] .btn-primary").click();
        assertThat(page.locator(".permission-card")).hasCount(1);
        // one question is still open
        assertThat(status).hasText("Waiting for your answer");
        page.locator(".permission-card[data-request-id=r2] .btn-primary").click();
        assertThat(page.locator(".permission-card")).hasCount(0);
        assertThat(status).hasText("working");
        assertThat(status).not().containsText("Waiting");
        Chromium.axe(page, size + " every question answered");

        chat.status(chat.currentStatus.copy().put("state", "idle"));
        assertThat(status).hasText("idle");
    }

    private void open(int width, int height) throws Exception {
        context = width < 800 ? Chromium.phone(width, height) : Chromium.desktop();
        chat = new ScriptedChat();
        context.routeWebSocket((Predicate<String>) url -> url.endsWith("/api/sessions/" + DemoFixtures.ACTIVE + "/chat"), chat::attach);
        page = context.newPage();
        Chromium.login(page, base);
    }

    private void showSession() {
        page.navigate(base + "#/sessions/" + DemoFixtures.ACTIVE);
        assertThat(page.locator(".chat-status")).containsText("idle");
    }

    private static void noJsonIn(Locator where) {
        assertThat(where.innerText()).doesNotContain("{\"").doesNotContain("\":").doesNotContain("requestId");
    }

    private static JsonObject bash(String requestId, String command, String description) {
        String prefix = command.split(" ")[0];
        return new JsonObject().put("kind", "permission_request").put("requestId", requestId).put("tool", "Bash")
                .put("input", new JsonObject().put("command", command).put("description", description))
                .put("suggestions", new JsonArray().add(new JsonObject().put("type", "addRules")
                        .put("rules", new JsonArray().add(new JsonObject().put("toolName", "Bash")
                                .put("ruleContent", command.startsWith("npm test") ? "npm test:*" : prefix + ":*")))
                        .put("behavior", "allow").put("destination", "session")));
    }

    private static JsonObject edit(String requestId, String path, String before, String after) {
        return new JsonObject().put("kind", "permission_request").put("requestId", requestId).put("tool", "Edit")
                .put("input", new JsonObject().put("file_path", path).put("old_string", before).put("new_string", after))
                .put("suggestions", new JsonArray().add(new JsonObject().put("type", "setMode").put("mode", "acceptEdits")
                        .put("destination", "session")));
    }

    private static JsonObject question(String requestId, JsonArray questions) {
        return new JsonObject().put("kind", "permission_request").put("requestId", requestId).put("tool", "AskUserQuestion")
                .put("input", new JsonObject().put("questions", questions)).put("suggestions", new JsonArray());
    }

    private static JsonObject option(String label, String description) {
        return new JsonObject().put("label", label).put("description", description);
    }

    static JsonObject decision(String requestId, String decision, String by, String message) {
        JsonObject event = new JsonObject().put("kind", "permission_decision").put("requestId", requestId)
                .put("decision", decision).put("by", by);
        return message == null ? event : event.put("message", message);
    }

    /**
     * The chat gateway as the page sees it, per browser context: a stored conversation replayed on {@code resume}
     * after the page's last seq, new events pushed to every open tab, a {@code permission} answer recorded as the
     * gateway does ({@code permission_decision} by {@code demo}, first answer wins), {@code set_permission_mode}
     * confirmed by a status frame. Playwright calls it on the test thread, between its own calls.
     */
    static final class ScriptedChat {
        private final List<JsonObject> events = new ArrayList<>();
        private final List<JsonObject> frames = new ArrayList<>();
        private final List<WebSocketRoute> sockets = new ArrayList<>();
        JsonObject currentStatus = new JsonObject().put("type", "status").put("state", "idle").put("model", "sonnet")
                .put("permissionMode", "default").put("bypassAllowed", false);
        /** Whether a permission answer is recorded as a decision (false: the question stays open). */
        boolean answering = true;
        /** An error frame sent instead of handling the next permission or mode frame. */
        JsonObject refuseNext;
        private int taken;

        void attach(WebSocketRoute socket) {
            sockets.add(socket);
            socket.onClose((code, reason) -> sockets.remove(socket));
            socket.onMessage(frame -> onFrame(socket, new JsonObject(frame.text())));
        }

        void emit(JsonObject event) {
            events.add(event);
            broadcast(new JsonObject().put("type", "event").put("seq", events.size()).put("event", event));
        }

        void status(JsonObject status) {
            currentStatus = status;
            broadcast(status);
        }

        List<JsonObject> received(String type) {
            return frames.stream().filter(f -> type.equals(f.getString("type"))).toList();
        }

        /** The next frame of this type the page sends (after those already taken). */
        JsonObject awaitFrame(Page page, String type) {
            page.waitForCondition(() -> frames.stream().skip(taken).anyMatch(f -> type.equals(f.getString("type"))));
            for (int i = taken; i < frames.size(); i++) {
                if (type.equals(frames.get(i).getString("type"))) {
                    taken = i + 1;
                    return frames.get(i);
                }
            }
            throw new AssertionError("no " + type + " frame");
        }

        private void onFrame(WebSocketRoute socket, JsonObject frame) {
            frames.add(frame);
            switch (frame.getString("type", "")) {
                case "resume" -> {
                    send(socket, currentStatus);
                    long after = frame.getLong("afterSeq", 0L);
                    for (int seq = (int) after + 1; seq <= events.size(); seq++) {
                        send(socket, new JsonObject().put("type", "event").put("seq", seq).put("event", events.get(seq - 1)));
                    }
                }
                case "permission" -> {
                    if (refuse(socket)) {
                        return;
                    }
                    String requestId = frame.getString("requestId");
                    boolean open = events.stream().anyMatch(e -> "permission_request".equals(e.getString("kind"))
                            && requestId.equals(e.getString("requestId")))
                            && events.stream().noneMatch(e -> "permission_decision".equals(e.getString("kind"))
                                    && requestId.equals(e.getString("requestId")));
                    if (answering && open) {
                        emit(decision(requestId, frame.getString("decision"), DemoFixtures.USER, frame.getString("message")));
                    }
                }
                case "set_permission_mode" -> {
                    if (!refuse(socket)) {
                        status(currentStatus.copy().put("permissionMode", frame.getString("mode")));
                    }
                }
                default -> {
                }
            }
        }

        private boolean refuse(WebSocketRoute socket) {
            if (refuseNext == null) {
                return false;
            }
            send(socket, refuseNext);
            refuseNext = null;
            return true;
        }

        private void broadcast(JsonObject frame) {
            for (WebSocketRoute socket : List.copyOf(sockets)) {
                send(socket, frame);
            }
        }

        private void send(WebSocketRoute socket, JsonObject frame) {
            try {
                socket.send(frame.encode());
            } catch (PlaywrightException closed) {
                sockets.remove(socket);
            }
        }
    }
}
