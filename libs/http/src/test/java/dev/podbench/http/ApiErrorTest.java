package dev.podbench.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

class ApiErrorTest {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void theBodyIsErrorAndDetail() throws Exception {
        assertThat(json.writeValueAsString(new ApiError("branch in use", Map.of("sessionId", "s1"))))
                .isEqualTo("{\"error\":\"branch in use\",\"detail\":{\"sessionId\":\"s1\"}}");
        assertThat(json.writeValueAsString(ApiError.forbidden())).isEqualTo("{\"error\":\"forbidden\",\"detail\":null}");
        assertThat(json.writeValueAsString(ApiError.unauthenticated()))
                .isEqualTo("{\"error\":\"authentication required\",\"detail\":\"a valid bearer token is needed\"}");
    }

    @Test
    void anApiExceptionCarriesItsStatusAndBodyButNoStackTrace() {
        ApiException e = ApiException.notFound("session", 42);
        assertThat(e.status()).isEqualTo(404);
        assertThat(e.body()).isEqualTo(new ApiError("session not found", Map.of("id", "42")));
        assertThat(e.getStackTrace()).isEmpty();
        assertThat(ApiException.badRequest("x", null).status()).isEqualTo(400);
        assertThat(ApiException.forbidden("x", null).status()).isEqualTo(403);
        assertThat(ApiException.conflict("x", null).status()).isEqualTo(409);
        assertThat(ApiException.unprocessable("x", null).status()).isEqualTo(422);
        assertThat(ApiException.unavailable("x", null).status()).isEqualTo(503);
    }

    @Test
    void mappersAnswerJsonWithTheStatus() {
        ApiExceptionMappers mappers = new ApiExceptionMappers();
        Response conflict = mappers.api(ApiException.conflict("branch in use", Map.of("branch", "main")));
        assertThat(conflict.getStatus()).isEqualTo(409);
        assertThat(conflict.getMediaType()).isEqualTo(MediaType.APPLICATION_JSON_TYPE);
        assertThat(conflict.getEntity()).isEqualTo(new ApiError("branch in use", Map.of("branch", "main")));

        Response unexpected = mappers.unexpected(new IllegalStateException("secret internals"));
        assertThat(unexpected.getStatus()).isEqualTo(500);
        assertThat(unexpected.getEntity()).isEqualTo(new ApiError("internal error", null));
    }
}
