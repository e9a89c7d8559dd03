package dev.podbench.chat.transcript;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

class ToolSummariesTest {

    private final ObjectMapper mapper = new ObjectMapper();

    private String summary(String tool, String input) throws Exception {
        return ToolSummaries.summarize(tool, mapper.readTree(input), "/w/tree");
    }

    @Test
    void oneLinePerTool() throws Exception {
        assertThat(summary("Write", "{\"file_path\":\"/w/tree/src/A.java\",\"content\":\"x\"}")).isEqualTo("src/A.java");
        assertThat(summary("Read", "{\"file_path\":\"/etc/hosts\"}")).isEqualTo("/etc/hosts");
        assertThat(summary("Edit", "{\"file_path\":\"/w/tree/b.txt\",\"old_string\":\"a\"}")).isEqualTo("b.txt");
        assertThat(summary("Bash", "{\"command\":\"mvn -q verify\\necho done\"}")).isEqualTo("mvn -q verify …");
        assertThat(summary("Grep", "{\"pattern\":\"TODO\",\"path\":\"/w/tree/src\"}")).isEqualTo("TODO in src");
        assertThat(summary("WebFetch", "{\"url\":\"https://example.com\"}")).isEqualTo("https://example.com");
        assertThat(summary("TodoWrite", "{\"todos\":[{},{}]}")).isEqualTo("2 todos");
        assertThat(summary("mcp__x__y", "{\"n\":1,\"q\":\"hello\"}")).isEqualTo("hello");
        assertThat(summary("Bash", "{\"command\":\"" + "a".repeat(500) + "\"}")).hasSize(200);
    }
}
