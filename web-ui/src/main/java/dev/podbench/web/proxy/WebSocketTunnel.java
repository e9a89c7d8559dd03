package dev.podbench.web.proxy;

import java.net.URI;

import org.jboss.logging.Logger;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.NetSocket;

/**
 * A WebSocket upgrade passed through as a byte tunnel: the browser's upgrade request goes upstream (with the
 * caller's {@code Authorization} and the browser's {@code Origin}); on a 101 the two TCP sockets are joined with
 * {@code pipeTo} both ways. A pipe stops reading its source while the destination's write queue is full, so a
 * slow browser slows the gateway down instead of filling the web-ui's memory. Any other upstream answer is
 * relayed as is (status and body), so the browser sees the gateway's own refusal.
 */
final class WebSocketTunnel {

    private static final Logger LOG = Logger.getLogger(WebSocketTunnel.class);

    private final HttpClient client;
    private final URI upstream;
    private final long timeoutMillis;

    WebSocketTunnel(HttpClient client, URI upstream, long timeoutMillis) {
        this.client = client;
        this.upstream = upstream;
        this.timeoutMillis = timeoutMillis;
    }

    void tunnel(HttpServerRequest request) {
        request.pause();
        MultiMap headers = MultiMap.caseInsensitiveMultiMap();
        request.headers().forEach(h -> {
            String name = h.getKey();
            if (!name.equalsIgnoreCase("Host") && !name.equalsIgnoreCase("Cookie")
                    && !name.equalsIgnoreCase("Connection")) {
                headers.add(name, h.getValue());
            }
        });
        headers.set(HttpHeaders.CONNECTION, HttpHeaders.UPGRADE);
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.GET)
                .setHost(upstream.getHost())
                .setPort(port(upstream))
                .setSsl("https".equalsIgnoreCase(upstream.getScheme()))
                .setURI(request.uri())
                .setHeaders(headers)
                .setConnectTimeout(timeoutMillis);
        client.request(options).onComplete(created -> {
            if (created.failed()) {
                unavailable(request, created.cause());
                return;
            }
            var upstreamRequest = created.result();
            // without it, every tunnel that closes would log an error on the request
            upstreamRequest.exceptionHandler(e -> LOG.debugf("terminal/chat upstream request: %s", e.getMessage()));
            upstreamRequest.connect().onComplete(answered -> {
                if (answered.failed()) {
                    unavailable(request, answered.cause());
                    return;
                }
                HttpClientResponse response = answered.result();
                if (response.statusCode() != 101) {
                    relay(request, response);
                    return;
                }
                NetSocket toUpstream = response.netSocket();
                // hold the gateway's first frames until the browser side is piped
                toUpstream.pause();
                response.headers().forEach(h -> request.response().headers().add(h.getKey(), h.getValue()));
                request.toNetSocket().onComplete(accepted -> {
                    if (accepted.failed()) {
                        LOG.debugf("browser side of a WebSocket tunnel failed: %s", accepted.cause().getMessage());
                        toUpstream.close();
                        return;
                    }
                    NetSocket toBrowser = accepted.result();
                    toUpstream.pipeTo(toBrowser);
                    toBrowser.pipeTo(toUpstream);
                });
            });
        });
    }

    private static void relay(HttpServerRequest request, HttpClientResponse response) {
        response.body().onComplete(body -> {
            var out = request.response().setStatusCode(response.statusCode());
            String type = response.getHeader(HttpHeaders.CONTENT_TYPE);
            if (type != null) {
                out.putHeader(HttpHeaders.CONTENT_TYPE, type);
            }
            if (body.succeeded()) {
                out.end(body.result());
            } else {
                out.end();
            }
        });
    }

    private void unavailable(HttpServerRequest request, Throwable cause) {
        LOG.warnf("WebSocket upstream %s unavailable: %s", upstream, cause.getMessage());
        if (!request.response().headWritten()) {
            request.response().setStatusCode(502).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                    .end("{\"error\":\"upstream unavailable\",\"detail\":\"" + upstream.getHost() + ":" + port(upstream)
                            + "\"}");
        }
    }

    static int port(URI uri) {
        if (uri.getPort() > 0) {
            return uri.getPort();
        }
        return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }
}
