package dev.podbench.session.repositories;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.podbench.session.errors.InvalidInput;

/** The accepted forms (the refused ones are in BadInputTest, end to end). */
class CloneUrlsTest {

    @ParameterizedTest
    @ValueSource(strings = { "https://github.com/podbench/podbench.git", "https://gitlab.example.com:8443/group/sub/repo",
            "ssh://git@github.com/podbench/podbench.git", "ssh://git@example.com:2222/repo.git",
            "git@github.com:podbench/podbench.git", "deploy@git.example.com:/srv/repo.git" })
    void networkUrlsAreAcceptedOnEveryRuntime(String url) {
        assertThat(CloneUrls.validate(url, false)).isEqualTo(url);
        assertThat(CloneUrls.validate("  " + url + " ", true)).isEqualTo(url);
    }

    @ParameterizedTest
    @ValueSource(strings = { "file:///srv/git/repo.git", "/srv/git/repo.git" })
    void localUrlsOnlyOnTheLocalRuntime(String url) {
        assertThat(CloneUrls.validate(url, true)).isEqualTo(url);
        assertThatThrownBy(() -> CloneUrls.validate(url, false)).isInstanceOf(InvalidInput.class)
                .hasMessage("file:// URLs and local paths work only when Podbench runs on this machine (the local runtime)");
    }

    @ParameterizedTest
    @ValueSource(strings = { "ssh://-oProxyCommand=x/r", "ext::sh", "fd::0", "-x", "git@host:-x",
            "https://u:p@h/r", "https://h/r?x=1", "file://host/r" })
    void hostileUrlsAreRefusedEverywhere(String url) {
        assertThatThrownBy(() -> CloneUrls.validate(url, true)).isInstanceOf(InvalidInput.class);
    }
}
