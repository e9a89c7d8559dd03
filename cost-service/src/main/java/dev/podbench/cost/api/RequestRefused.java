package dev.podbench.cost.api;

/**
 * A request cost-service refuses, with the status and the {@code {"error","detail"}} body it answers.
 * Goes away for the shared web library's exception once issue 12 lands.
 */
public class RequestRefused extends RuntimeException {

    private final int status;
    private final transient Object detail;

    public RequestRefused(int status, String error, Object detail) {
        super(error, null, false, false);
        this.status = status;
        this.detail = detail;
    }

    public int status() {
        return status;
    }

    public Object detail() {
        return detail;
    }

    public static RequestRefused badRequest(String error, Object detail) {
        return new RequestRefused(400, error, detail);
    }

    public static RequestRefused forbidden(String detail) {
        return new RequestRefused(403, "forbidden", detail);
    }

    public static RequestRefused notFound(String what, String id) {
        return new RequestRefused(404, what + " not found", id);
    }
}
