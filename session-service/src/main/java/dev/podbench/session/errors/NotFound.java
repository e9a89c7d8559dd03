package dev.podbench.session.errors;

import java.util.Map;

/** No such thing, or none the caller may see (someone else's session is not found rather than forbidden). */
public final class NotFound extends DomainException {

    /** {@code "<what> not found"} with the id as given. */
    public NotFound(String what, Object id) {
        super(what + " not found", Map.of("id", String.valueOf(id)));
    }
}
