package dev.podbench.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class OriginPolicyTest {

    @ParameterizedTest
    @CsvSource({
            "http://127.0.0.1:8080, http://127.0.0.1:8080",
            "http://localhost:80, http://localhost",
            "https://podbench.example.com:443, https://podbench.example.com",
            "http://podbench.example.com:443, http://podbench.example.com:443",
            "https://podbench.example.com:80, https://podbench.example.com:80",
            "HTTPS://PodBench.Example.COM, https://podbench.example.com",
            "http://127.0.0.1:8080/, http://127.0.0.1:8080",
            "'  http://127.0.0.1:8080  ', http://127.0.0.1:8080",
            "http://[::1]:8080, http://[::1]:8080",
            "http://[::1]:80/, http://[::1]",
            "http://[0:0:0:0:0:0:0:1]:8080, http://[0:0:0:0:0:0:0:1]:8080",
            "null, null",
    })
    void normalizesSchemeHostAndPort(String origin, String expected) {
        assertThat(OriginPolicy.normalize(origin)).isEqualTo(expected);
    }

    @Test
    void defaultPortsCaseAndTrailingSlashDoNotMatter() {
        OriginPolicy policy = new OriginPolicy(List.of("https://podbench.example.com/", "http://LOCALHOST:8080"));
        assertThat(policy.permits("https://podbench.example.com:443")).isTrue();
        assertThat(policy.permits("HTTPS://podbench.example.com")).isTrue();
        assertThat(policy.permits("http://localhost:8080/")).isTrue();
    }

    @Test
    void refusesOtherSchemesHostsAndPorts() {
        OriginPolicy policy = new OriginPolicy(List.of("https://podbench.example.com"));
        assertThat(policy.permits("http://podbench.example.com")).isFalse();
        assertThat(policy.permits("https://evil.example.com")).isFalse();
        assertThat(policy.permits("https://podbench.example.com:8443")).isFalse();
        assertThat(policy.permits("https://podbench.example.com.evil.example")).isFalse();
        assertThat(policy.permits("null")).isFalse();
        assertThat(policy.permits("")).isFalse();
    }

    @Test
    void ipv6LoopbackIsItsOwnOrigin() {
        OriginPolicy policy = new OriginPolicy(List.of("http://[::1]:8080"));
        assertThat(policy.permits("http://[::1]:8080/")).isTrue();
        assertThat(policy.permits("http://127.0.0.1:8080")).isFalse();
        assertThat(policy.permits("http://[::1]:8081")).isFalse();
    }

    @Test
    void aRequestWithoutOriginIsNoBrowserPageAndPasses() {
        assertThat(new OriginPolicy(List.of()).permits(null)).isTrue();
        assertThat(new OriginPolicy(List.of()).permits(null, "127.0.0.1:8080")).isTrue();
    }

    @Test
    void thePagesOfTheServersOwnOriginPass() {
        OriginPolicy policy = new OriginPolicy(List.of("http://127.0.0.1:8080"));
        assertThat(policy.permits("http://10.0.0.7:9000", "10.0.0.7:9000")).isTrue();
        assertThat(policy.permits("http://PODBENCH.internal", "podbench.internal:80")).isTrue();
        assertThat(policy.permits("https://podbench.internal:443", "podbench.internal")).isTrue();
        assertThat(policy.permits("http://[::1]:9000", "[::1]:9000")).isTrue();
        assertThat(policy.permits("http://evil.example:9000", "10.0.0.7:9000")).isFalse();
        assertThat(policy.permits("http://10.0.0.7:9001", "10.0.0.7:9000")).isFalse();
        assertThat(policy.permits("http://10.0.0.7:9000", null)).isFalse();
        assertThat(policy.permits("null", "10.0.0.7:9000")).isFalse();
    }
}
