package dev.podbench.pr.hosts;

import java.net.URI;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;

/** Reading hosts' JSON answers, and lists spread over pages. */
final class JsonAnswers {

    /** More pages than this means something is wrong (10 000 check runs on one commit). */
    static final int MAX_PAGES = 100;

    private final ObjectMapper mapper;
    private final HostHttp http;

    JsonAnswers(ObjectMapper mapper, HostHttp http) {
        this.mapper = mapper;
        this.http = http;
    }

    Uni<JsonNode> get(ApiHost host, String url) {
        return http.get(host, url).map(answer -> parse(answer.body()));
    }

    /** Every page of a list: {@code items} picks the elements out of one page's JSON. */
    Uni<List<JsonNode>> all(ApiHost host, String firstPage, Function<JsonNode, JsonNode> items) {
        List<JsonNode> collected = new ArrayList<>();
        return page(host, firstPage, items, collected, 1).replaceWith(collected);
    }

    private Uni<Void> page(ApiHost host, String url, Function<JsonNode, JsonNode> items, List<JsonNode> collected,
            int number) {
        return http.get(host, url).chain(answer -> {
            JsonNode elements = items.apply(parse(answer.body()));
            if (elements != null && elements.isArray()) {
                elements.forEach(collected::add);
            }
            Optional<String> next = answer.nextPage();
            if (next.isEmpty() || number >= MAX_PAGES) {
                return Uni.createFrom().voidItem();
            }
            if (!withinApi(host.apiUrl(), next.get())) {
                throw new HostFailure(HostFailure.Reason.UNREADABLE, Optional.empty(), "next page outside the API");
            }
            return page(host, next.get(), items, collected, number + 1);
        });
    }

    /**
     * Whether a next-page link stays on the host's API (same scheme and authority, under its path): the token goes
     * with the request, so a link elsewhere (say {@code https://api.github.com.example/...}) is never followed.
     */
    static boolean withinApi(URI api, String link) {
        URI next;
        try {
            next = URI.create(link);
        } catch (IllegalArgumentException e) {
            return false;
        }
        String base = api.getRawPath() == null ? "" : api.getRawPath().replaceAll("/+$", "");
        String path = next.getRawPath() == null ? "" : next.getRawPath();
        return api.getScheme().equalsIgnoreCase(String.valueOf(next.getScheme()))
                && api.getRawAuthority().equalsIgnoreCase(String.valueOf(next.getRawAuthority()))
                && next.getRawUserInfo() == null
                && (path.equals(base) || path.startsWith(base + "/"));
    }

    private JsonNode parse(String body) {
        try {
            return mapper.readTree(body);
        } catch (JsonProcessingException e) {
            throw new HostFailure(HostFailure.Reason.UNREADABLE, Optional.empty(), "not JSON");
        }
    }

    static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isTextual() ? value.textValue() : null;
    }

    /** Each item's non-blank {@code field}. */
    static List<String> texts(List<JsonNode> items, String field) {
        return items.stream().map(item -> text(item, field)).filter(value -> value != null && !value.isBlank()).toList();
    }

    static Instant instant(JsonNode node, String field) {
        String text = text(node, field);
        try {
            return text == null ? null : OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
