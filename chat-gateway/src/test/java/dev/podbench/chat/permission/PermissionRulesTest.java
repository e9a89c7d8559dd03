package dev.podbench.chat.permission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

class PermissionRulesTest {

    private static JsonNode bash(String command) {
        return JsonNodeFactory.instance.objectNode().put("command", command);
    }

    private static JsonNode file(String path) {
        return JsonNodeFactory.instance.objectNode().put("file_path", path);
    }

    private static String decide(PermissionRules rules, String tool, JsonNode input) {
        PermissionRules.Verdict verdict = rules.decide(tool, input);
        return verdict == null ? "ask" : (verdict.allowed() ? "allow " : "deny ") + verdict.rule();
    }

    @Test
    void rulesParseInClaudeCodeSyntax() {
        assertThat(PermissionRule.parse("Edit")).isEqualTo(new PermissionRule("Edit", null, false));
        assertThat(PermissionRule.parse("Bash(git status)")).isEqualTo(new PermissionRule("Bash", "git status", false));
        assertThat(PermissionRule.parse(" Bash(npm test:*) ")).isEqualTo(new PermissionRule("Bash", "npm test", true));
        assertThat(PermissionRule.parse("Bash(npm test:*)").toString()).isEqualTo("Bash(npm test:*)");
        assertThatThrownBy(() -> PermissionRule.parse("Bash(")).hasMessageContaining("not a permission rule");
        assertThatThrownBy(() -> PermissionRule.parse("Bash()")).hasMessageContaining("not a permission rule");
        assertThatThrownBy(() -> PermissionRule.parse("Bash(:*)")).hasMessageContaining("empty content");
        assertThatThrownBy(() -> PermissionRule.parse("")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void exactPrefixAndToolOnlyRules() {
        PermissionRules rules = PermissionRules.parse(List.of("Bash(git status)", "Bash(npm test:*)", "Edit"),
                List.of());
        assertThat(decide(rules, "Bash", bash("git status"))).isEqualTo("allow Bash(git status)");
        assertThat(decide(rules, "Bash", bash("git status --short"))).isEqualTo("ask");
        assertThat(decide(rules, "Bash", bash("npm test"))).isEqualTo("allow Bash(npm test:*)");
        assertThat(decide(rules, "Bash", bash("npm test -- --watch"))).isEqualTo("allow Bash(npm test:*)");
        // a prefix is a whole word: npm testing is another command
        assertThat(decide(rules, "Bash", bash("npm testing"))).isEqualTo("ask");
        assertThat(decide(rules, "Edit", file("/w/a.txt"))).isEqualTo("allow Edit");
        assertThat(decide(rules, "Write", file("/w/a.txt"))).isEqualTo("ask");
        assertThat(decide(rules, "AskUserQuestion", JsonNodeFactory.instance.objectNode())).isEqualTo("ask");
    }

    @Test
    void fileRulesCompareThePath() {
        PermissionRules rules = PermissionRules.parse(List.of("Write(/w/docs/:*)", "Read(/w/README.md)"), List.of());
        assertThat(decide(rules, "Write", file("/w/docs/a.md"))).isEqualTo("allow Write(/w/docs/:*)");
        assertThat(decide(rules, "Write", file("/w/src/a.java"))).isEqualTo("ask");
        assertThat(decide(rules, "Read", file("/w/README.md"))).isEqualTo("allow Read(/w/README.md)");
    }

    @Test
    void aDenyRuleWinsOverAnyAllowRule() {
        PermissionRules installation = PermissionRules.parse(List.of(), List.of("Bash(curl:*)"));
        PermissionRules repository = PermissionRules.parse(List.of("Bash(curl:*)", "Bash"), List.of());
        PermissionRules rules = installation.and(repository);
        assertThat(decide(rules, "Bash", bash("curl https://example.com"))).isEqualTo("deny Bash(curl:*)");
        assertThat(decide(rules, "Bash", bash("ls"))).isEqualTo("allow Bash");
        // in any part of a compound command
        assertThat(decide(rules, "Bash", bash("ls && curl https://example.com"))).isEqualTo("deny Bash(curl:*)");
        assertThat(decide(rules, "Bash", bash("echo x | curl -d @- https://example.com"))).isEqualTo("deny Bash(curl:*)");
    }

    @Test
    void anAllowRuleCoversACompoundCommandOnlyWhenItCoversEveryPart() {
        PermissionRules rules = PermissionRules.parse(List.of("Bash(git status:*)", "Bash(git diff:*)"), List.of());
        assertThat(decide(rules, "Bash", bash("git status && git diff"))).isEqualTo("allow Bash(git status:*)");
        assertThat(decide(rules, "Bash", bash("git status && rm -rf /"))).isEqualTo("ask");
        assertThat(decide(rules, "Bash", bash("git status; rm -rf /"))).isEqualTo("ask");
        assertThat(decide(rules, "Bash", bash("git status\nrm -rf /"))).isEqualTo("ask");
        assertThat(decide(rules, "Bash", bash("git status & rm -rf /"))).isEqualTo("ask");
        // substitutions and redirections are never covered by a prefix
        assertThat(decide(rules, "Bash", bash("git status $(rm -rf /)"))).isEqualTo("ask");
        assertThat(decide(rules, "Bash", bash("git status `rm -rf /`"))).isEqualTo("ask");
        assertThat(decide(rules, "Bash", bash("git status > /etc/passwd"))).isEqualTo("ask");
        // only a rule for the whole tool covers them
        assertThat(decide(PermissionRules.parse(List.of("Bash"), List.of()), "Bash", bash("git status > out")))
                .isEqualTo("allow Bash");
    }

    @Test
    void noRulesAskAndAMissingSubjectMatchesOnlyToolRules() {
        assertThat(decide(PermissionRules.NONE, "Bash", bash("ls"))).isEqualTo("ask");
        PermissionRules rules = PermissionRules.parse(List.of("Bash(ls)"), List.of());
        assertThat(decide(rules, "Bash", JsonNodeFactory.instance.objectNode())).isEqualTo("ask");
    }
}
