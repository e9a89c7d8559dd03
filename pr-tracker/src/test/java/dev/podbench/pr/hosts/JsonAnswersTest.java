package dev.podbench.pr.hosts;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JsonAnswersTest {

    @ParameterizedTest(name = "{0} from {1}: {2}")
    @CsvSource({
            "https://api.github.com, https://api.github.com/repositories/1/pulls?page=2, true",
            "https://API.github.com, https://api.github.com/x?page=2, true",
            "https://ghe.example/api/v3, https://ghe.example/api/v3/repos/a/b/check-runs?page=2, true",
            "https://api.github.com, https://api.github.com.evil.example/x?page=2, false",
            "https://api.github.com, http://api.github.com/x?page=2, false",
            "https://api.github.com, https://api.github.com:8443/x?page=2, false",
            "https://api.github.com, https://user@api.github.com/x?page=2, false",
            "https://ghe.example/api/v3, https://ghe.example/api/v33/x?page=2, false",
            "https://ghe.example/api/v3, https://ghe.example/other?page=2, false",
            "https://api.github.com, not a url at all, false",
    })
    void aNextPageIsFollowedOnlyOnTheHostsOwnApi(String api, String link, boolean followed) {
        assertThat(JsonAnswers.withinApi(URI.create(api), link)).isEqualTo(followed);
    }
}
