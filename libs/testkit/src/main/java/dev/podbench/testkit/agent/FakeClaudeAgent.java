package dev.podbench.testkit.agent;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * A stand-in for {@code claude -p --input-format stream-json --output-format stream-json --verbose}: the same
 * argv, the same newline-delimited JSON on stdin and stdout (shapes as observed from Claude Code 2.1.197), no
 * network. Tests run it through the script of {@link FakeClaudeAgentExecutable}.
 *
 * <p>Per user message ("turn") it emits: {@code system/init}, a thinking block, an assistant text, a real
 * {@code Write} tool use (the file {@code fake-claude-turn-<n>.txt} appears in the working directory), its
 * tool result, a closing text and a {@code result} carrying the process' running {@code total_cost_usd},
 * cumulative {@code usage} and {@code modelUsage}. Words in the message trigger extras:
 * <ul>
 * <li>{@code pull request}: a Bash {@code gh pr create} whose result holds {@value #PR_URL};</li>
 * <li>{@code long output}: a tool result of 20 000 characters;</li>
 * <li>{@code slow}: the turn waits (up to a minute) after its first text, so it can be interrupted with a
 * {@code control_request} of subtype {@code interrupt}.</li>
 * </ul>
 * A message starting with {@code run: <command>} makes the turn use Bash for that command, which, once permitted,
 * <b>really runs</b> as {@code bash -c <command>} in the working directory (what the real CLI does; acceptable in
 * this fake only because a person or a rule allowed exactly that command). A message starting with
 * {@code ask: <question>? <option> | <option>} makes it use {@code AskUserQuestion}.
 *
 * <p>Permissions as the real CLI enforces them: Bash, Write, Edit and AskUserQuestion need permission unless the
 * mode covers them ({@code acceptEdits}: Write/Edit; {@code bypassPermissions}: all; {@code plan}: no tool runs)
 * or a session rule (from an allowed request's {@code updatedPermissions}) does. With
 * {@code --permission-prompt-tool stdio} it asks with a {@code control_request} {@code can_use_tool} on stdout and
 * waits for the {@code control_response}; without it the use is denied and listed in the result's
 * {@code permission_denials}. A {@code set_permission_mode} control request changes the mode.
 *
 * <p>State that {@code --resume <id>} continues (turn count, running cost, token counters) is kept in
 * {@code $FAKE_CLAUDE_STATE_DIR} (default {@code <tmp>/fake-claude}). Behaviour switches, read from the
 * environment and overridden by a {@code .fake-claude.properties} file in the working directory (so one test
 * JVM can give each session its own):
 * <ul>
 * <li>{@code FAKE_CLAUDE_AUTH=none} (or no {@code ANTHROPIC_API_KEY}): every turn answers "Not logged in"
 * with {@code error: authentication_failed}, as the real CLI does;</li>
 * <li>{@code FAKE_CLAUDE_CRASH_AFTER_TURNS=N}: the process dies (exit 70) right after its N-th turn;</li>
 * <li>{@code FAKE_CLAUDE_RESUME_COST=continue|reset}: whether a resumed process' {@code total_cost_usd}
 * continues from the previous one (newer CLIs) or restarts at zero (older ones); default continue;</li>
 * <li>{@code FAKE_CLAUDE_TURN_COST}: USD per turn, default 0.0125.</li>
 * </ul>
 */
public final class FakeClaudeAgent {

    public static final String VERSION = "2.1.197";
    public static final String PR_URL = "https://github.com/acme/widgets/pull/7";
    public static final String PROPERTIES_FILE = ".fake-claude.properties";
    static final long INPUT_TOKENS = 120;
    static final long OUTPUT_TOKENS = 80;
    static final long CACHE_READ_TOKENS = 1000;
    static final long CACHE_CREATION_TOKENS = 200;
    private static final Pattern UUID_PATTERN = Pattern.compile("[0-9a-fA-F-]{36}");

    private final PrintStream out;
    private final Path cwd;
    private final Map<String, String> settings;
    private final String model;
    private final boolean asksOnStdio;
    private volatile String permissionMode;
    /** Rules the session allowed ({@code Tool} or {@code Tool(content)}), from {@code updatedPermissions}. */
    private final Set<String> sessionRules = ConcurrentHashMap.newKeySet();
    /** Permission questions waiting for their {@code control_response}, by request id. */
    private final Map<String, CompletableFuture<Map<?, ?>>> questions = new ConcurrentHashMap<>();
    private final List<Object> turnDenials = new CopyOnWriteArrayList<>();
    private final Path stateDir;
    private final boolean continueCost;
    private final BigDecimal turnCost;
    private final int crashAfter;
    private final boolean authenticated;
    private final String sessionId;
    private final LinkedBlockingQueue<Object> turns = new LinkedBlockingQueue<>();
    private volatile CountDownLatch interrupt = new CountDownLatch(1);

    private int conversationTurns;
    private int processTurns;
    private BigDecimal totalCost = BigDecimal.ZERO;
    private long inputTokens;
    private long outputTokens;
    private long cacheReadTokens;
    private long cacheCreationTokens;

    private static final Object END = new Object();
    private static final Map<?, ?> INTERRUPTED = Map.of("behavior", "interrupted");

    private FakeClaudeAgent(Map<String, String> args, Map<String, String> settings, Path cwd) throws IOException {
        this.out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        this.cwd = cwd;
        this.settings = settings;
        this.model = args.getOrDefault("--model", "claude-sonnet-4-5");
        this.permissionMode = args.getOrDefault("--permission-mode", "default");
        this.asksOnStdio = "stdio".equals(args.get("--permission-prompt-tool"));
        this.stateDir = Path.of(settings.getOrDefault("FAKE_CLAUDE_STATE_DIR",
                System.getProperty("java.io.tmpdir") + "/fake-claude"));
        this.continueCost = !"reset".equalsIgnoreCase(settings.getOrDefault("FAKE_CLAUDE_RESUME_COST", "continue"));
        this.turnCost = new BigDecimal(settings.getOrDefault("FAKE_CLAUDE_TURN_COST", "0.0125"));
        this.crashAfter = Integer.parseInt(settings.getOrDefault("FAKE_CLAUDE_CRASH_AFTER_TURNS", "0"));
        String key = settings.get("ANTHROPIC_API_KEY");
        this.authenticated = !"none".equalsIgnoreCase(settings.get("FAKE_CLAUDE_AUTH")) && key != null && !key.isBlank();
        Files.createDirectories(stateDir);
        String resume = args.get("--resume");
        if (resume != null) {
            Path state = stateFile(resume);
            if (!UUID_PATTERN.matcher(resume).matches() || !Files.exists(state)) {
                System.err.println("No conversation found with session ID: " + resume);
                emit(errorResult(resume, List.of("No conversation found with session ID: " + resume)));
                out.flush();
                System.exit(1);
            }
            this.sessionId = resume;
            restore(state);
        } else {
            this.sessionId = args.getOrDefault("--session-id", UUID.randomUUID().toString());
        }
    }

    public static void main(String[] argv) throws Exception {
        Map<String, String> args = parseArgs(argv);
        if (args == null) {
            System.err.println("Error: this fake only speaks: -p --input-format stream-json --output-format "
                    + "stream-json --verbose [--model M] [--permission-mode P] [--permission-prompt-tool stdio] [--resume ID]"
                    + " [--session-id ID]");
            System.exit(2);
        }
        Path cwd = Path.of("").toAbsolutePath();
        FakeClaudeAgent agent = new FakeClaudeAgent(args, settings(cwd), cwd);
        agent.run();
    }

    /** The recognised options, or null when the invocation is not the stream-json one. */
    static Map<String, String> parseArgs(String[] argv) {
        Map<String, String> args = new LinkedHashMap<>();
        for (int i = 0; i < argv.length; i++) {
            String a = argv[i];
            switch (a) {
                case "-p", "--print", "--verbose" -> args.put(a, "true");
                case "--input-format", "--output-format", "--model", "--permission-mode", "--permission-prompt-tool",
                        "--resume", "--session-id" -> {
                    if (i + 1 >= argv.length) {
                        return null;
                    }
                    args.put(a, argv[++i]);
                }
                default -> {
                    return null;
                }
            }
        }
        boolean print = args.containsKey("-p") || args.containsKey("--print");
        if (!print || !"stream-json".equals(args.get("--input-format"))
                || !"stream-json".equals(args.get("--output-format")) || !args.containsKey("--verbose")) {
            return null;
        }
        return args;
    }

    private static Map<String, String> settings(Path cwd) throws IOException {
        Map<String, String> settings = new LinkedHashMap<>(System.getenv());
        Path file = cwd.resolve(PROPERTIES_FILE);
        if (Files.isRegularFile(file)) {
            Properties props = new Properties();
            try (var reader = Files.newBufferedReader(file)) {
                props.load(reader);
            }
            props.forEach((k, v) -> settings.put(k.toString(), v.toString()));
        }
        return settings;
    }

    private void run() throws Exception {
        Thread worker = new Thread(this::work, "fake-claude-turns");
        worker.start();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            if (line.isBlank()) {
                continue;
            }
            Object message;
            try {
                message = MiniJson.parse(line);
            } catch (IllegalArgumentException e) {
                // what the real CLI does with a line it cannot parse: it gives up on the whole conversation
                System.err.println("Error parsing streaming input line: " + line + ": SyntaxError: " + e.getMessage());
                System.exit(1);
                return;
            }
            Map<?, ?> map = message instanceof Map<?, ?> m ? m : Map.of();
            if ("control_request".equals(map.get("type"))) {
                control(map);
            } else if ("control_response".equals(map.get("type"))) {
                answered(map);
            } else if ("user".equals(map.get("type"))) {
                turns.add(map);
            } else {
                System.err.println("Error: Expected message type 'user' or 'control', got '" + map.get("type") + "'");
                System.exit(1);
            }
        }
        turns.add(END);
        worker.join();
        out.flush();
        System.exit(0);
    }

    private void control(Map<?, ?> request) {
        Object requestId = request.get("request_id");
        Map<?, ?> body = request.get("request") instanceof Map<?, ?> b ? b : Map.of();
        if ("interrupt".equals(body.get("subtype"))) {
            interrupt.countDown();
            questions.values().forEach(q -> q.complete(INTERRUPTED));
            emit(map("type", "control_response", "response", map("subtype", "success", "request_id", requestId)));
        } else if ("set_permission_mode".equals(body.get("subtype")) && body.get("mode") instanceof String mode) {
            permissionMode = mode;
            emit(map("type", "control_response", "response", map("subtype", "success", "request_id", requestId,
                    "response", map("mode", mode))));
        } else {
            emit(map("type", "control_response", "response", map("subtype", "error", "request_id", requestId,
                    "error", "Unsupported control request subtype: " + body.get("subtype"))));
        }
    }

    /** The answer to one of our {@code can_use_tool} questions; an answer to nothing is ignored, as the CLI does. */
    private void answered(Map<?, ?> line) {
        Map<?, ?> response = line.get("response") instanceof Map<?, ?> r ? r : Map.of();
        CompletableFuture<Map<?, ?>> question = questions.remove(String.valueOf(response.get("request_id")));
        if (question != null) {
            Map<?, ?> decision = response.get("response") instanceof Map<?, ?> d ? d
                    : Map.of("behavior", "deny", "message", String.valueOf(response.get("error")));
            question.complete(decision);
        }
    }

    private void work() {
        try {
            while (true) {
                Object next = turns.take();
                if (next == END) {
                    return;
                }
                interrupt = new CountDownLatch(1);
                turn(text((Map<?, ?>) next));
            }
        } catch (Exception e) {
            e.printStackTrace();
            System.exit(1);
        }
    }

    private static String text(Map<?, ?> userMessage) {
        Object message = userMessage.get("message");
        Object content = message instanceof Map<?, ?> m ? m.get("content") : null;
        if (content instanceof String s) {
            return s;
        }
        StringBuilder sb = new StringBuilder();
        if (content instanceof List<?> blocks) {
            for (Object block : blocks) {
                if (block instanceof Map<?, ?> b && "text".equals(b.get("type"))) {
                    sb.append(b.get("text"));
                }
            }
        }
        return sb.toString();
    }

    private void turn(String text) throws Exception {
        long started = System.currentTimeMillis();
        emit(init());
        if (!authenticated) {
            String reply = "Not logged in · Please run /login";
            Map<String, Object> assistant = assistant("<synthetic>", List.of(map("type", "text", "text", reply)), zeroUsage());
            assistant.put("error", "authentication_failed");
            emit(assistant);
            emit(result("success", true, reply, started, 1, null));
            out.flush();
            return;
        }
        conversationTurns++;
        processTurns++;
        int n = conversationTurns;
        String messageId = "msg_fake_" + n + "_" + UUID.randomUUID().toString().substring(0, 8);
        addUsage();
        Map<String, Object> usage = turnUsage();
        emit(assistant(messageId, List.of(map("type", "thinking", "thinking", "The user wrote: " + text,
                "signature", "fake")), usage));
        emit(assistant(messageId, List.of(map("type", "text", "text", "Turn " + n + ": you said \"" + text + "\"")), usage));
        String lower = text.toLowerCase();
        if (lower.contains("slow") && !waitForInterrupt()) {
            return;
        }
        turnDenials.clear();
        if (lower.startsWith("run:")) {
            String command = text.substring("run:".length()).strip();
            Map<?, ?> allowed = permitted(messageId, usage, "toolu_fake_" + n + "_4", "Bash",
                    map("command", command, "description", "Run " + command));
            if (allowed == INTERRUPTED) {
                interrupted();
                return;
            }
            if (allowed != null) {
                runCommand("toolu_fake_" + n + "_4", String.valueOf(allowed.get("command")));
            }
        }
        if (lower.startsWith("ask:")) {
            Map<?, ?> answered = permitted(messageId, usage, "toolu_fake_" + n + "_5", "AskUserQuestion",
                    question(text.substring("ask:".length()).strip()));
            if (answered == INTERRUPTED) {
                interrupted();
                return;
            }
            if (answered != null) {
                emit(toolResult("toolu_fake_" + n + "_5", "User has answered your questions: "
                        + answersOf(answered) + ". You can now continue with the user's answers in mind.", false));
            }
        }
        String file = "fake-claude-turn-" + n + ".txt";
        Path target = cwd.resolve(file);
        String toolId = "toolu_fake_" + n + "_1";
        Map<?, ?> write = permitted(messageId, usage, toolId, "Write",
                map("file_path", target.toString(), "content", "turn " + n + ": " + text + "\n"));
        if (write == INTERRUPTED) {
            interrupted();
            return;
        }
        if (write != null) {
            Files.writeString(target, "turn " + n + ": " + text + "\n", StandardCharsets.UTF_8);
            emit(toolResult(toolId, "File created successfully at: " + target, false));
        }
        if (lower.contains("pull request")) {
            String bashId = "toolu_fake_" + n + "_2";
            Map<?, ?> pr = permitted(messageId, usage, bashId, "Bash",
                    map("command", "gh pr create --fill", "description", "Open a pull request"));
            if (pr == INTERRUPTED) {
                interrupted();
                return;
            }
            if (pr != null) {
                emit(toolResult(bashId, "Creating pull request for fake-branch into main\n\n" + PR_URL + "\n", false));
            }
        }
        if (lower.contains("long output")) {
            String longId = "toolu_fake_" + n + "_3";
            Map<?, ?> seq = permitted(messageId, usage, longId, "Bash", map("command", "seq 1 5000"));
            if (seq == INTERRUPTED) {
                interrupted();
                return;
            }
            if (seq != null) {
                emit(toolResult(longId, "x".repeat(20_000), false));
            }
        }
        String reply = "Done with turn " + n + ".";
        emit(assistant(messageId, List.of(map("type", "text", "text", reply)), usage));
        saveState();
        emit(result("success", false, reply, started, 2, null));
        out.flush();
        if (crashAfter > 0 && processTurns >= crashAfter) {
            Runtime.getRuntime().halt(70);
        }
    }

    /** True to go on with the turn; false when it was interrupted (the interrupted result is already out). */
    private boolean waitForInterrupt() throws Exception {
        out.flush();
        if (!interrupt.await(60, TimeUnit.SECONDS)) {
            return true;
        }
        interrupted();
        return false;
    }

    /** Ends the current turn as the CLI does on an interrupt. */
    private void interrupted() throws IOException {
        saveState();
        emit(map("type", "user", "message", map("role", "user", "content",
                List.of(map("type", "text", "text", "[Request interrupted by user]"))),
                "parent_tool_use_id", null, "session_id", sessionId, "uuid", UUID.randomUUID().toString()));
        Map<String, Object> result = result("error_during_execution", true, null, System.currentTimeMillis(), 1,
                List.of("[ede_diagnostic] turn aborted (aborted_streaming)"));
        result.put("terminal_reason", "aborted_streaming");
        emit(result);
        out.flush();
    }

    /**
     * Announces a tool use and settles its permission: the input to run it with, null when it was denied (its
     * error result is out then), or {@link #INTERRUPTED}.
     */
    private Map<?, ?> permitted(String messageId, Map<String, Object> usage, String toolId, String tool,
            Map<String, Object> input) throws Exception {
        emit(assistant(messageId, List.of(map("type", "tool_use", "id", toolId, "name", tool, "input", input)), usage));
        String mode = permissionMode;
        if ("plan".equals(mode)) {
            emit(toolResult(toolId, "Plan mode is active: " + tool + " was not run.", true));
            return null;
        }
        boolean edit = "Write".equals(tool) || "Edit".equals(tool);
        if ("bypassPermissions".equals(mode) || ("acceptEdits".equals(mode) && edit) || allowedBySession(tool, input)) {
            return input;
        }
        if (!asksOnStdio) {
            turnDenials.add(map("tool_name", tool, "tool_use_id", toolId, "tool_input", input));
            emit(toolResult(toolId, "Claude requested permissions to use " + tool + ", but you haven't granted it yet.",
                    true));
            return null;
        }
        String requestId = UUID.randomUUID().toString();
        CompletableFuture<Map<?, ?>> answer = new CompletableFuture<>();
        questions.put(requestId, answer);
        if (interrupt.getCount() == 0) {
            answer.complete(INTERRUPTED);
        }
        emit(map("type", "control_request", "request_id", requestId, "request", map("subtype", "can_use_tool",
                "tool_name", tool, "input", input, "permission_suggestions", suggestions(tool, input),
                "tool_use_id", toolId)));
        out.flush();
        Map<?, ?> decision = answer.get();
        questions.remove(requestId);
        if (decision == INTERRUPTED) {
            return INTERRUPTED;
        }
        if (!"allow".equals(decision.get("behavior"))) {
            Object message = decision.get("message");
            emit(toolResult(toolId, message == null || String.valueOf(message).isBlank()
                    ? "The user doesn't want to proceed with this tool use." : String.valueOf(message), true));
            return null;
        }
        if (decision.get("updatedPermissions") instanceof List<?> updates) {
            updates.forEach(this::applyPermissionUpdate);
        }
        return decision.get("updatedInput") instanceof Map<?, ?> updated ? updated : input;
    }

    /** What the CLI suggests for "don't ask again": a prefix rule for a command, accepting edits for a file. */
    private static List<Object> suggestions(String tool, Map<String, Object> input) {
        if ("Bash".equals(tool)) {
            String command = String.valueOf(input.get("command")).strip();
            String first = command.split("\\s+", 2)[0];
            return List.of(map("type", "addRules", "rules", List.of(map("toolName", "Bash", "ruleContent",
                    first + ":*")), "behavior", "allow", "destination", "session"));
        }
        if ("Write".equals(tool) || "Edit".equals(tool)) {
            return List.of(map("type", "setMode", "mode", "acceptEdits", "destination", "session"));
        }
        return List.of();
    }

    private void applyPermissionUpdate(Object update) {
        if (!(update instanceof Map<?, ?> u)) {
            return;
        }
        if ("setMode".equals(u.get("type")) && u.get("mode") instanceof String mode) {
            permissionMode = mode;
        }
        if ("addRules".equals(u.get("type")) && "allow".equals(u.get("behavior")) && u.get("rules") instanceof List<?> rules) {
            for (Object rule : rules) {
                if (rule instanceof Map<?, ?> r && r.get("toolName") instanceof String toolName) {
                    Object content = r.get("ruleContent");
                    sessionRules.add(content == null ? toolName : toolName + "(" + content + ")");
                }
            }
        }
    }

    private boolean allowedBySession(String tool, Map<String, Object> input) {
        if (sessionRules.contains(tool)) {
            return true;
        }
        if (!"Bash".equals(tool)) {
            return false;
        }
        String command = String.valueOf(input.get("command")).strip();
        for (String rule : sessionRules) {
            if (rule.startsWith("Bash(") && rule.endsWith(")")) {
                String content = rule.substring("Bash(".length(), rule.length() - 1);
                if (content.endsWith(":*") ? command.equals(content.substring(0, content.length() - 2))
                        || command.startsWith(content.substring(0, content.length() - 2) + " ")
                        : command.equals(content)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The allowed command, really run: {@code bash -c} in the working directory, as the CLI's Bash tool does. */
    private void runCommand(String toolId, String command) throws Exception {
        Process process = new ProcessBuilder("bash", "-c", command).directory(cwd.toFile())
                .redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        boolean ended = process.waitFor(60, TimeUnit.SECONDS);
        int code = ended ? process.exitValue() : -1;
        emit(toolResult(toolId, code == 0 ? output : output + "\nExit code " + code, code != 0));
    }

    /** {@code Which colour? red | blue} as AskUserQuestion's input (options Yes/No when none are given). */
    private static Map<String, Object> question(String spec) {
        int mark = spec.indexOf('?');
        String question = mark < 0 ? spec : spec.substring(0, mark + 1);
        String rest = mark < 0 ? "" : spec.substring(mark + 1).strip();
        List<Object> options = new ArrayList<>();
        for (String label : (rest.isEmpty() ? "Yes | No" : rest).split("\\|")) {
            options.add(map("label", label.strip(), "description", "Choose " + label.strip()));
        }
        return map("questions", List.of(map("question", question, "header", "Question", "options", options,
                "multiSelect", false)));
    }

    private static String answersOf(Map<?, ?> updatedInput) {
        if (!(updatedInput.get("answers") instanceof Map<?, ?> answers) || answers.isEmpty()) {
            return "(no answer)";
        }
        StringBuilder sb = new StringBuilder();
        answers.forEach((q, a) -> sb.append(sb.isEmpty() ? "" : ", ").append('"').append(q).append("\"=\"")
                .append(a).append('"'));
        return sb.toString();
    }

    private void addUsage() {
        totalCost = totalCost.add(turnCost);
        inputTokens += INPUT_TOKENS;
        outputTokens += OUTPUT_TOKENS;
        cacheReadTokens += CACHE_READ_TOKENS;
        cacheCreationTokens += CACHE_CREATION_TOKENS;
    }

    private Map<String, Object> init() {
        return map("type", "system", "subtype", "init", "cwd", cwd.toString(), "session_id", sessionId,
                "tools", List.of("Bash", "Edit", "Read", "Write"), "mcp_servers", List.of(), "model", model,
                "permissionMode", permissionMode, "apiKeySource", authenticated ? "ANTHROPIC_API_KEY" : "none",
                "claude_code_version", VERSION, "output_style", "default", "uuid", UUID.randomUUID().toString());
    }

    private Map<String, Object> assistant(String messageId, List<Object> content, Map<String, Object> usage) {
        return map("type", "assistant", "message", map("id", messageId, "model", model, "role", "assistant",
                "type", "message", "content", content, "stop_reason", null, "usage", usage),
                "parent_tool_use_id", null, "session_id", sessionId, "uuid", UUID.randomUUID().toString());
    }

    private Map<String, Object> toolResult(String toolUseId, String content, boolean error) {
        return map("type", "user", "message", map("role", "user", "content", List.of(map("tool_use_id", toolUseId,
                "type", "tool_result", "content", content, "is_error", error))),
                "parent_tool_use_id", null, "session_id", sessionId, "uuid", UUID.randomUUID().toString());
    }

    private Map<String, Object> result(String subtype, boolean isError, String text, long started, int numTurns,
            List<String> errors) {
        Map<String, Object> result = map("type", "result", "subtype", subtype, "is_error", isError,
                "duration_ms", System.currentTimeMillis() - started, "duration_api_ms", 0, "num_turns", numTurns);
        if (text != null) {
            result.put("result", text);
        }
        if (errors != null) {
            result.put("errors", errors);
        }
        result.put("stop_reason", isError ? null : "end_turn");
        result.put("session_id", sessionId);
        result.put("total_cost_usd", totalCost);
        // 2.1.x reports the process' cumulative usage here (the sum of modelUsage)
        result.put("usage", map("input_tokens", inputTokens, "cache_creation_input_tokens", cacheCreationTokens,
                "cache_read_input_tokens", cacheReadTokens, "output_tokens", outputTokens));
        result.put("modelUsage", inputTokens == 0 && outputTokens == 0 ? map() : map(model, map(
                "inputTokens", inputTokens, "outputTokens", outputTokens, "cacheReadInputTokens", cacheReadTokens,
                "cacheCreationInputTokens", cacheCreationTokens, "webSearchRequests", 0, "costUSD", totalCost,
                "contextWindow", 200000)));
        result.put("permission_denials", List.copyOf(turnDenials));
        result.put("uuid", UUID.randomUUID().toString());
        return result;
    }

    private Map<String, Object> errorResult(String id, List<String> errors) {
        return map("type", "result", "subtype", "error_during_execution", "duration_ms", 0, "duration_api_ms", 0,
                "is_error", true, "num_turns", 0, "stop_reason", null, "session_id", id, "total_cost_usd", 0,
                "usage", zeroUsage(), "modelUsage", map(), "permission_denials", List.of(),
                "uuid", UUID.randomUUID().toString(), "errors", errors);
    }

    private static Map<String, Object> turnUsage() {
        return map("input_tokens", INPUT_TOKENS, "cache_creation_input_tokens", CACHE_CREATION_TOKENS,
                "cache_read_input_tokens", CACHE_READ_TOKENS, "output_tokens", OUTPUT_TOKENS);
    }

    private static Map<String, Object> zeroUsage() {
        return map("input_tokens", 0, "cache_creation_input_tokens", 0, "cache_read_input_tokens", 0,
                "output_tokens", 0);
    }

    private Path stateFile(String id) {
        return stateDir.resolve(id + ".properties");
    }

    private void restore(Path state) throws IOException {
        Properties props = new Properties();
        try (var reader = Files.newBufferedReader(state)) {
            props.load(reader);
        }
        conversationTurns = Integer.parseInt(props.getProperty("turns", "0"));
        if (continueCost) {
            totalCost = new BigDecimal(props.getProperty("totalCost", "0"));
            inputTokens = Long.parseLong(props.getProperty("inputTokens", "0"));
            outputTokens = Long.parseLong(props.getProperty("outputTokens", "0"));
            cacheReadTokens = Long.parseLong(props.getProperty("cacheReadTokens", "0"));
            cacheCreationTokens = Long.parseLong(props.getProperty("cacheCreationTokens", "0"));
        }
    }

    private void saveState() throws IOException {
        Properties props = new Properties();
        props.setProperty("turns", Integer.toString(conversationTurns));
        props.setProperty("totalCost", totalCost.toPlainString());
        props.setProperty("inputTokens", Long.toString(inputTokens));
        props.setProperty("outputTokens", Long.toString(outputTokens));
        props.setProperty("cacheReadTokens", Long.toString(cacheReadTokens));
        props.setProperty("cacheCreationTokens", Long.toString(cacheCreationTokens));
        Path tmp = stateDir.resolve(sessionId + ".tmp");
        try (var writer = new OutputStreamWriter(Files.newOutputStream(tmp), StandardCharsets.UTF_8)) {
            props.store(writer, "fake-claude conversation");
        }
        Files.move(tmp, stateFile(sessionId), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private synchronized void emit(Map<String, Object> event) {
        out.print(MiniJson.write(event));
        out.print('\n');
        out.flush();
    }

    static Map<String, Object> map(Object... keyValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put((String) keyValues[i], keyValues[i + 1]);
        }
        return map;
    }
}
