package dev.podbench.cost.api;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;

/** Refusals leave as {@code {"error": ..., "detail": ...}} (DESIGN.md). Replaced by the shared web library's mappers. */
public class RefusalMapper {

    @ServerExceptionMapper
    public Response refused(RequestRefused e) {
        return body(e.status(), e.getMessage(), e.detail());
    }

    @ServerExceptionMapper
    public Response unreadable(JsonProcessingException e) {
        return body(400, "malformed JSON body", e.getOriginalMessage());
    }

    private static Response body(int status, String error, Object detail) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", error);
        if (detail != null) {
            body.put("detail", detail);
        }
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(body).build();
    }
}
