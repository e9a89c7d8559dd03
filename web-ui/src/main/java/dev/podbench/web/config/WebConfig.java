package dev.podbench.web.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The web-ui's own settings: where the services are, how browsers log in, live updates. */
@ConfigMapping(prefix = "podbench.web")
public interface WebConfig {

    /** Base URLs of the services the BFF proxies {@code /api/**} to. */
    Services services();

    /** Browser login. */
    Login login();

    /**
     * Origins whose pages may open WebSockets through the web-ui, besides the web-ui's own origin (an
     * {@code Origin} whose host:port is the request's {@code Host}).
     */
    List<String> allowedOrigins();

    /** {@code GET /api/sessions/{id}/updates}. */
    Updates updates();

    interface Services {
        URI sessionService();

        URI terminalGateway();

        URI chatGateway();

        URI prTracker();

        URI costService();

        /** How long an upstream may take to answer a proxied HTTP request or WebSocket upgrade. */
        @WithDefault("30s")
        Duration timeout();
    }

    interface Login {
        /** Local mode: {@code GET /?token=<jwt>} validates the token and stores it in the login cookie. */
        @WithDefault("false")
        boolean tokenLink();

        /** The HttpOnly, SameSite=Strict cookie holding the bearer token (token-link login). */
        @WithDefault("podbench_token")
        String cookieName();

        /** Mark the cookie {@code Secure} (HTTPS only). */
        @WithDefault("false")
        boolean secureCookie();
    }

    interface Updates {
        /** How long an SSE subscription waits for a session not (yet) known from Kafka. */
        @WithDefault("3s")
        Duration sessionWait();

        /** Interval of SSE keep-alive comments. */
        @WithDefault("20s")
        Duration heartbeat();
    }
}
