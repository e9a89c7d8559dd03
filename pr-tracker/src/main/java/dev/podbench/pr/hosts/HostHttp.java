package dev.podbench.pr.hosts;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.core.http.HttpClient;
import io.vertx.mutiny.core.http.HttpClientResponse;

/**
 * Every request pr-tracker makes to a Git host goes through here, so that it is a good API citizen: conditional
 * requests with the last ETag (a 304 costs nothing against GitHub's rate limit), at most one request in flight per
 * token, nothing sent while the token's limit is used up ({@code x-ratelimit-remaining: 0} until
 * {@code x-ratelimit-reset}) or a secondary limit holds ({@code retry-after}, else at least 60 s, doubling).
 * Non-blocking throughout; failures come back as {@link HostFailure}.
 */
public class HostHttp {

    private static final Logger LOG = Logger.getLogger(HostHttp.class);
    private static final Pattern NEXT_LINK = Pattern.compile("<([^>]+)>\\s*;\\s*rel=\"?next\"?");
    private static final int MAX_BODY_CHARS = 8 * 1024 * 1024;

    private final HttpClient client;
    private final Clock clock;
    private final Duration timeout;
    private final int queuedPerToken;
    private final AnswerCache cache;
    private final Map<String, RequestLane> lanes = new ConcurrentHashMap<>();
    private final MeterRegistry meters;

    public HostHttp(Vertx vertx, Clock clock, Duration timeout, int cachedAnswers, int queuedPerToken,
            MeterRegistry meters) {
        this.client = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout((int) timeout.toMillis())
                .setKeepAlive(true)
                .setMaxPoolSize(8));
        this.clock = clock;
        this.timeout = timeout;
        this.queuedPerToken = queuedPerToken;
        this.cache = new AnswerCache(cachedAnswers);
        this.meters = meters == null ? Metrics.globalRegistry : meters;
    }

    /** GET {@code url} (absolute, on {@code host}'s API) as JSON. */
    public Uni<HostAnswer> get(ApiHost host, String url) {
        RequestLane lane = lanes.computeIfAbsent(host.laneKey(), k -> new RequestLane(queuedPerToken));
        return lane.submit(() -> send(host, lane, url));
    }

    private Uni<HostAnswer> send(ApiHost host, RequestLane lane, String url) {
        Optional<Instant> blocked = lane.blockedAt(clock.instant());
        if (blocked.isPresent()) {
            count(host, "held");
            return Uni.createFrom().failure(new HostFailure(HostFailure.Reason.RATE_LIMITED, blocked,
                    "until " + blocked.get()));
        }
        String cacheKey = AnswerCache.key(host.laneKey(), url);
        Optional<AnswerCache.Entry> cached = cache.get(cacheKey);
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(url)
                .putHeader("Accept", host.provider() == dev.podbench.events.pullrequest.GitProvider.GITHUB
                        ? "application/vnd.github+json" : "application/json")
                .putHeader("User-Agent", "podbench-pr-tracker");
        if (host.provider() == dev.podbench.events.pullrequest.GitProvider.GITHUB) {
            options.putHeader("X-GitHub-Api-Version", "2022-11-28");
        }
        host.token().ifPresent(token -> options.putHeader("Authorization", token.authorization()));
        cached.ifPresent(entry -> options.putHeader("If-None-Match", entry.etag()));
        return client.request(options)
                .chain(request -> request.send())
                .chain(response -> response.body().map(body -> answer(host, lane, url, cacheKey, cached, response, body)))
                .ifNoItem().after(timeout).failWith(() -> new TimeoutException("no answer within " + timeout))
                .onFailure(failure -> !(failure instanceof HostFailure)).transform(failure -> {
                    count(host, "unreachable");
                    LOG.debugf("%s: %s unreachable: %s", host.name(), url, failure.toString());
                    return new HostFailure(HostFailure.Reason.UNAVAILABLE, Optional.empty(),
                            failure instanceof TimeoutException ? "timeout" : "unreachable");
                });
    }

    private HostAnswer answer(ApiHost host, RequestLane lane, String url, String cacheKey,
            Optional<AnswerCache.Entry> cached, HttpClientResponse response, Buffer body) {
        int status = response.statusCode();
        Instant now = clock.instant();
        Optional<Instant> reset = rateLimitReset(response);
        boolean exhausted = "0".equals(header(response, "x-ratelimit-remaining", "ratelimit-remaining"));
        if (exhausted && reset.isPresent()) {
            lane.blockUntil(reset.get());
        }
        if (status == 304 && cached.isPresent()) {
            lane.succeeded();
            count(host, "not-modified");
            return new HostAnswer(cached.get().body(), cached.get().nextPage());
        }
        if (status >= 200 && status < 300) {
            lane.succeeded();
            count(host, "ok");
            if (body.length() > MAX_BODY_CHARS) {
                throw new HostFailure(HostFailure.Reason.UNREADABLE, Optional.empty(), "answer too large");
            }
            String text = body.toString();
            Optional<String> next = nextPage(response, url);
            String etag = response.getHeader("ETag");
            if (etag != null) {
                cache.put(cacheKey, new AnswerCache.Entry(etag, text, next));
            }
            return new HostAnswer(text, next);
        }
        count(host, Integer.toString(status));
        if (status == 401) {
            throw HostFailure.of(HostFailure.Reason.CREDENTIALS_REJECTED);
        }
        if ((status == 403 || status == 429) && exhausted) {
            Instant until = reset.orElseGet(() -> lane.secondaryLimit(now, Optional.empty()));
            return failLimited(until);
        }
        Optional<Duration> retryAfter = retryAfter(response, now);
        if (status == 429 || (status == 403 && (retryAfter.isPresent() || mentionsRateLimit(body)))) {
            return failLimited(lane.secondaryLimit(now, retryAfter));
        }
        if (status == 403 || status == 404) {
            throw HostFailure.of(HostFailure.Reason.NO_ACCESS);
        }
        if (status >= 500) {
            throw new HostFailure(HostFailure.Reason.UNAVAILABLE, retryAfter.map(now::plus), "HTTP " + status);
        }
        throw new HostFailure(HostFailure.Reason.UNREADABLE, Optional.empty(), "HTTP " + status);
    }

    private static HostAnswer failLimited(Instant until) {
        throw new HostFailure(HostFailure.Reason.RATE_LIMITED, Optional.of(until), "until " + until);
    }

    private static boolean mentionsRateLimit(Buffer body) {
        String text = body.length() > 4096 ? body.getString(0, 4096) : body.toString();
        return text.toLowerCase(java.util.Locale.ROOT).contains("rate limit");
    }

    private static Optional<Instant> rateLimitReset(HttpClientResponse response) {
        String reset = header(response, "x-ratelimit-reset", "ratelimit-reset");
        try {
            return reset == null ? Optional.empty() : Optional.of(Instant.ofEpochSecond(Long.parseLong(reset.trim())));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static Optional<Duration> retryAfter(HttpClientResponse response, Instant now) {
        String value = response.getHeader("retry-after");
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(value.trim()))));
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                return Optional.of(at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO);
            } catch (DateTimeParseException e) {
                return Optional.empty();
            }
        }
    }

    /** GitHub announces the next page in {@code Link}; GitLab also in {@code x-next-page} (a page number). */
    private static Optional<String> nextPage(HttpClientResponse response, String url) {
        String link = response.getHeader("Link");
        if (link != null) {
            Matcher m = NEXT_LINK.matcher(link);
            if (m.find()) {
                return Optional.of(m.group(1));
            }
        }
        String nextPage = response.getHeader("x-next-page");
        if (nextPage != null && nextPage.matches("\\d+")) {
            String withoutPage = url.replaceAll("([?&])page=\\d+&?", "$1").replaceAll("[?&]$", "");
            return Optional.of(withoutPage + (withoutPage.contains("?") ? "&" : "?") + "page=" + nextPage);
        }
        return Optional.empty();
    }

    private static String header(HttpClientResponse response, String name, String alternative) {
        String value = response.getHeader(name);
        return value != null ? value : response.getHeader(alternative);
    }

    private void count(ApiHost host, String outcome) {
        meters.counter("podbench.pr.host.requests", "host", host.name(), "outcome", outcome).increment();
    }

    public void close() {
        client.closeAndAwait();
    }
}
