package dev.podbench.http;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.HttpSecurityPolicy;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;

/**
 * The {@code token-required} permission policy ({@code quarkus.http.auth.permission.api.policy=token-required}):
 * an authenticated caller, like Quarkus' {@code authenticated}. The difference: a request without a token fails
 * the route with an {@link AuthenticationFailedException} instead of Quarkus ending the response with a bare
 * challenge, so {@link AuthFailureHandler} gives that 401 the JSON error body too.
 */
@ApplicationScoped
public class TokenRequiredPolicy implements HttpSecurityPolicy {

    public static final String NAME = "token-required";

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
