package dev.podbench.session.api;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.HttpSecurityPolicy;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code /api/*} needs an authenticated caller, like Quarkus' {@code authenticated} policy. The difference: a request
 * without a token fails the route with an {@link AuthenticationFailedException} instead of Quarkus ending the
 * response with a bare challenge, so {@link AuthFailureBodies} can give that 401 the JSON error body too.
 */
@ApplicationScoped
public class TokenRequiredPolicy implements HttpSecurityPolicy {

    static final String NAME = "token-required";

    @Override
    public Uni<CheckResult> checkPermission(RoutingContext request, Uni<SecurityIdentity> identity,
            AuthorizationRequestContext requestContext) {
        return identity.onItem().transformToUni(caller -> caller.isAnonymous()
                ? Uni.createFrom().failure(new AuthenticationFailedException("no bearer token"))
                : Uni.createFrom().item(CheckResult.PERMIT));
    }

    @Override
    public String name() {
        return NAME;
    }
}
