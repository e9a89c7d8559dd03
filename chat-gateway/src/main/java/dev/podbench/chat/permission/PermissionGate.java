package dev.podbench.chat.permission;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.podbench.chat.agent.AgentLineHandler;
import dev.podbench.chat.agent.AgentRun;
import dev.podbench.chat.agent.AgentWorkQueue;
import dev.podbench.chat.agent.TranscriptLog;
import dev.podbench.chat.transcript.StoredEvent;
import dev.podbench.chat.transcript.TranscriptEntry;
import dev.podbench.chat.transcript.TranscriptNormalizer;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;

/**
 * A session's permission questions: the agent's {@code control_request}s ({@code can_use_tool}, started with
 * {@code --permission-prompt-tool stdio}) become {@code permission_request} events; the administrators' rules and
 * the rules the person allowed for the session answer at once, anything else waits for the person (or the
 * timeout). Every answer goes back as a {@code control_response} and is recorded as a {@code permission_decision}.
 * Also the session's permission mode, remembered across agent restarts.
 *
 * <p>Threading: the state below is touched on the session's work queue only; {@link #answer} and
 * {@link #pendingRequests} may be called from anywhere.
 */
public final class PermissionGate implements AgentLineHandler {

    /** {@code by} of automatic answers (a person's answer carries their user name). */
    public static final String BY_RULE = "rule";
    public static final String BY_SESSION_RULE = "session_rule";
    public static final String BY_TIMEOUT = "timeout";
    public static final String BY_INTERRUPT = "interrupt";
    public static final String BY_AGENT_STOPPED = "agent_stopped";
    public static final String NO_ANSWER = "no answer";

    private static final Logger LOG = Logger.getLogger(PermissionGate.class);
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final int ANSWERED_KEPT = 1000;

    /** What became of an answer. */
    public enum Outcome {
        ANSWERED, UNKNOWN_REQUEST, ALREADY_ANSWERED
    }

    private record Pending(AgentRun run, String tool, JsonNode input, JsonNode suggestions, StoredEvent event,
            long timer) {
    }

    private final String sessionId;
    private final PermissionRules adminRules;
    private final PermissionPolicy policy;
    private final TranscriptLog transcript;
    private final TranscriptNormalizer normalizer;
    private final AgentWorkQueue queue;
    private final Vertx vertx;
    private final Runnable modeChanged;

    // --- on the queue only
    private final Map<String, Pending> pending = new LinkedHashMap<>();
    private final Set<String> answered = new LinkedHashSet<>();
    private final List<PermissionRule> sessionRules = new ArrayList<>();
    private volatile String mode;
    private volatile List<StoredEvent> pendingEvents = List.of();

    public PermissionGate(String sessionId, PermissionRules adminRules, PermissionPolicy policy,
            TranscriptLog transcript, TranscriptNormalizer normalizer, AgentWorkQueue queue, Vertx vertx,
            Runnable modeChanged) {
        this.sessionId = sessionId;
        this.adminRules = adminRules;
        this.policy = policy;
        this.transcript = transcript;
        this.normalizer = normalizer;
        this.queue = queue;
        this.vertx = vertx;
        this.modeChanged = modeChanged;
        this.mode = policy.defaultMode();
    }

    /** Reads the session's remembered mode and rules. Runs inside the caller's transaction. */
    public Uni<Void> load() {
        return policy.load(sessionId).invoke(row -> {
            if (row == null) {
                return;
            }
            if (row.permissionMode != null) {
                mode = row.permissionMode;
            }
            for (String rule : row.sessionRules.split("\n")) {
                if (!rule.isBlank()) {
                    try {
                        sessionRules.add(PermissionRule.parse(rule));
                    } catch (IllegalArgumentException e) {
                        LOG.warnf("session %s: remembered rule ignored: %s", sessionId, e.getMessage());
                    }
                }
            }
        }).replaceWithVoid();
    }

    /** The permission mode the session's agent runs (or is to run) with. */
    public String mode() {
        return mode;
    }

    /** The stored {@code permission_request} events still waiting for an answer, oldest first. */
    public List<StoredEvent> pendingRequests() {
        return pendingEvents;
    }

    // --------------------------------------------------------------------------------------- the agent asks

    @Override
    public boolean handles(String type) {
        return "control_request".equals(type);
    }

    @Override
    public Uni<Void> handle(AgentRun run, JsonNode line) {
        String requestId = line.path("request_id").asText("");
        JsonNode request = line.path("request");
        if (!"can_use_tool".equals(request.path("subtype").asText())) {
            // hooks, MCP messages: nothing Podbench registered, so nothing the agent should wait for
            run.send(errorResponse(requestId, "Unsupported control request subtype: " + request.path("subtype").asText()));
            return Uni.createFrom().voidItem();
        }
        String tool = request.path("tool_name").asText("");
        JsonNode input = request.path("input");
        JsonNode suggestions = request.path("permission_suggestions");
        String toolUseId = request.path("tool_use_id").asText(null);
        TranscriptEntry asked = normalizer.permissionRequest(requestId, tool, toolUseId, input, suggestions);

        PermissionRules.Verdict verdict = adminRules.decide(tool, input);
        String by = BY_RULE;
        if (verdict == null) {
            verdict = new PermissionRules(sessionRules, List.of()).decide(tool, input);
            by = BY_SESSION_RULE;
        }
        if (verdict != null) {
            remember(requestId);
            String rule = verdict.rule().toString();
            String message = verdict.allowed() ? null : "Denied by the rule " + rule;
            run.send(verdict.allowed() ? allowResponse(requestId, input, null) : denyResponse(requestId, message, false));
            return transcript.append(List.of(asked, normalizer.permissionDecision(requestId,
                    verdict.allowed() ? PermissionDecision.ALLOW.wire() : PermissionDecision.DENY.wire(), by, rule,
                    message))).replaceWithVoid();
        }
        return transcript.append(List.of(asked)).invoke(stored -> {
            long timer = vertx.setTimer(policy.timeout().toMillis(),
                    id -> queue.submit(() -> close(requestId, BY_TIMEOUT, NO_ANSWER, false)));
            pending.put(requestId, new Pending(run, tool, input, suggestions, stored.get(0), timer));
            publishPending();
        }).replaceWithVoid();
    }

    // -------------------------------------------------------------------------------------- the person answers

    /**
     * The person's answer. {@code answers} (AskUserQuestion: question text → chosen label(s)) goes back in
     * {@code updatedInput.answers}; {@code message} is the reason of a denial.
     */
    public Uni<Outcome> answer(String requestId, PermissionDecision decision, String message, JsonNode answers,
            String user) {
        return queue.call(() -> {
            Pending question = pending.get(requestId);
            if (question == null) {
                return Uni.createFrom().item(answered.contains(requestId) ? Outcome.ALREADY_ANSWERED
                        : Outcome.UNKNOWN_REQUEST);
            }
            settle(requestId, question);
            Uni<Void> remembered = Uni.createFrom().voidItem();
            if (decision == PermissionDecision.DENY) {
                sendIfCurrent(question, denyResponse(requestId, message == null ? "The person denied this." : message,
                        false));
            } else {
                JsonNode input = question.input();
                if (answers != null && input.isObject()) {
                    input = ((ObjectNode) input.deepCopy()).set("answers", answers);
                }
                ArrayNode updates = null;
                if (decision == PermissionDecision.ALLOW_SESSION) {
                    updates = sessionUpdates(question);
                    remembered = rememberForSession(updates);
                }
                sendIfCurrent(question, allowResponse(requestId, input, updates));
            }
            return remembered.chain(() -> transcript.append(List.of(normalizer.permissionDecision(requestId,
                    decision.wire(), user, null, decision == PermissionDecision.DENY ? message : null))))
                    .replaceWith(Outcome.ANSWERED);
        });
    }

    /**
     * Denies every question still open (on the queue). {@code by} {@value #BY_INTERRUPT}: the agent is told to
     * interrupt too; {@value #BY_AGENT_STOPPED}: the process is gone, only the transcript learns it.
     */
    public Uni<Void> denyPending(String by, String message) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (String requestId : List.copyOf(pending.keySet())) {
            chain = chain.chain(() -> close(requestId, by, message, BY_INTERRUPT.equals(by)));
        }
        return chain;
    }

    /** Switches the mode (on the queue): remembered, and told to the running agent when there is one. */
    public Uni<Void> setMode(String newMode, AgentRun current) {
        mode = newMode;
        if (current != null) {
            ObjectNode request = JSON.objectNode().put("type", "control_request")
                    .put("request_id", "podbench-" + UUID.randomUUID());
            request.putObject("request").put("subtype", "set_permission_mode").put("mode", newMode);
            current.send(request.toString());
        }
        modeChanged.run();
        return policy.saveMode(sessionId, newMode);
    }

    // ------------------------------------------------------------------------------------------------ inside

    private Uni<Void> close(String requestId, String by, String message, boolean interrupt) {
        Pending question = pending.get(requestId);
        if (question == null) {
            return Uni.createFrom().voidItem(); // answered meanwhile
        }
        settle(requestId, question);
        if (!BY_AGENT_STOPPED.equals(by)) {
            sendIfCurrent(question, denyResponse(requestId, message, interrupt));
        }
        return transcript.append(List.of(normalizer.permissionDecision(requestId, PermissionDecision.DENY.wire(), by,
                null, message))).replaceWithVoid();
    }

    private void settle(String requestId, Pending question) {
        pending.remove(requestId);
        vertx.cancelTimer(question.timer());
        remember(requestId);
        publishPending();
    }

    private void remember(String requestId) {
        answered.add(requestId);
        if (answered.size() > ANSWERED_KEPT) {
            Iterator<String> oldest = answered.iterator();
            oldest.next();
            oldest.remove();
        }
    }

    private void publishPending() {
        pendingEvents = pending.values().stream().map(Pending::event).toList();
    }

    private static void sendIfCurrent(Pending question, String line) {
        if (question.run().isCurrent()) {
            question.run().send(line);
        }
    }

    /**
     * What "allow for this session" grants: the agent's own suggestions, or, when it made none, the same kind of
     * use (a Bash command's first word as a prefix rule, else the whole tool).
     */
    private static ArrayNode sessionUpdates(Pending question) {
        ArrayNode updates = JSON.arrayNode();
        if (question.suggestions().isArray()) {
            question.suggestions().forEach(s -> {
                String type = s.path("type").asText();
                if ("setMode".equals(type) || ("addRules".equals(type) && "allow".equals(s.path("behavior").asText()))) {
                    updates.add(s);
                }
            });
        }
        if (updates.isEmpty()) {
            ObjectNode rule = JSON.objectNode().put("toolName", question.tool());
            String subject = PermissionRules.subjectOf(question.tool(), question.input());
            if ("Bash".equals(question.tool()) && subject != null && !subject.isBlank()) {
                rule.put("ruleContent", subject.split("\\s+", 2)[0] + ":*");
            }
            ObjectNode update = updates.addObject().put("type", "addRules");
            update.putArray("rules").add(rule);
            update.put("behavior", "allow").put("destination", "session");
        }
        return updates;
    }

    private Uni<Void> rememberForSession(ArrayNode updates) {
        Uni<Void> saved = Uni.createFrom().voidItem();
        boolean rulesChanged = false;
        for (JsonNode update : updates) {
            if ("setMode".equals(update.path("type").asText()) && PermissionPolicy.MODES.contains(update.path("mode").asText())
                    && !PermissionPolicy.BYPASS.equals(update.path("mode").asText())) {
                String newMode = update.path("mode").asText();
                mode = newMode;
                modeChanged.run();
                saved = saved.chain(() -> policy.saveMode(sessionId, newMode));
            }
            for (JsonNode rule : update.path("rules")) {
                String text = rule.path("toolName").asText("")
                        + (rule.hasNonNull("ruleContent") ? "(" + rule.path("ruleContent").asText() + ")" : "");
                try {
                    PermissionRule parsed = PermissionRule.parse(text);
                    if (!sessionRules.contains(parsed)) {
                        sessionRules.add(parsed);
                        rulesChanged = true;
                    }
                } catch (IllegalArgumentException e) {
                    LOG.debugf("session %s: suggested rule not remembered: %s", sessionId, e.getMessage());
                }
            }
        }
        if (rulesChanged) {
            List<PermissionRule> rules = List.copyOf(sessionRules);
            saved = saved.chain(() -> policy.saveRules(sessionId, rules));
        }
        return saved;
    }

    private static String allowResponse(String requestId, JsonNode input, ArrayNode updatedPermissions) {
        ObjectNode decision = JSON.objectNode().put("behavior", "allow");
        decision.set("updatedInput", input == null || input.isMissingNode() ? JSON.objectNode() : input);
        if (updatedPermissions != null) {
            decision.set("updatedPermissions", updatedPermissions);
        }
        return success(requestId, decision);
    }

    private static String denyResponse(String requestId, String message, boolean interrupt) {
        ObjectNode decision = JSON.objectNode().put("behavior", "deny").put("message", message);
        if (interrupt) {
            decision.put("interrupt", true);
        }
        return success(requestId, decision);
    }

    private static String success(String requestId, ObjectNode decision) {
        ObjectNode line = JSON.objectNode().put("type", "control_response");
        ObjectNode response = line.putObject("response").put("subtype", "success").put("request_id", requestId);
        response.set("response", decision);
        return line.toString();
    }

    private static String errorResponse(String requestId, String error) {
        ObjectNode line = JSON.objectNode().put("type", "control_response");
        line.putObject("response").put("subtype", "error").put("request_id", requestId).put("error", error);
        return line.toString();
    }
}
