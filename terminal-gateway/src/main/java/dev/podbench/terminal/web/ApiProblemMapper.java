package dev.podbench.terminal.web;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** REST errors as {@code {"error": "...", "detail": ...}} with their status. */
public class ApiProblemMapper {

    @ServerExceptionMapper
    public Response problem(ApiProblem problem) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", problem.getMessage());
        body.put("detail", problem.detail());
        return Response.status(problem.status()).type(MediaType.APPLICATION_JSON).entity(body).build();
    }
}
