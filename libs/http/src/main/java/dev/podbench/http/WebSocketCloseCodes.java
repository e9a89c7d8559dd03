package dev.podbench.http;

/**
 * The close codes of Podbench's WebSockets (DESIGN.md). Refusals that depend on the session come after the
 * upgrade as close codes, because a browser cannot read the status of a refused upgrade.
 */
public final class WebSocketCloseCodes {

    public static final short SESSION_ENDED = 4000;
    public static final short UNAUTHENTICATED = 4401;
    public static final short NOT_YOURS = 4403;
    public static final short NO_SUCH_SESSION = 4404;

    private WebSocketCloseCodes() {
    }
}
