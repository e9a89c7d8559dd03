package dev.podbench.cost.analytics;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.ResponseHeader;

import dev.podbench.cost.config.CostConfig;
import dev.podbench.http.Caller;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/** {@code GET /api/costs} as JSON, or as CSV for {@code Accept: text/csv} (DESIGN.md). */
@Path("/api/costs")
public class CostsResource {

    static final String CSV = "text/csv";

    private final CostAnalyticsService analytics;
    private final SecurityIdentity identity;
    private final CostConfig config;

    public CostsResource(CostAnalyticsService analytics, SecurityIdentity identity, CostConfig config) {
        this.analytics = analytics;
        this.identity = identity;
        this.config = config;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<CostReport> json(@QueryParam("from") String from, @QueryParam("to") String to,
            @QueryParam("groupBy") String groupBy, @QueryParam("tz") String tz,
            @QueryParam("repositoryId") String repositoryId, @QueryParam("user") String user,
            @QueryParam("source") String source) {
        return analytics.report(query(from, to, groupBy, tz, repositoryId, user, source));
    }

    @GET
    @Produces(CSV)
    @ResponseHeader(name = "Content-Disposition", value = "attachment; filename=\"costs.csv\"")
    public Multi<String> csv(@QueryParam("from") String from, @QueryParam("to") String to,
            @QueryParam("groupBy") String groupBy, @QueryParam("tz") String tz,
            @QueryParam("repositoryId") String repositoryId, @QueryParam("user") String user,
            @QueryParam("source") String source) {
        return analytics.csv(query(from, to, groupBy, tz, repositoryId, user, source));
    }

    private CostQuery query(String from, String to, String groupBy, String tz, String repositoryId, String user,
            String source) {
        return CostQuery.parse(from, to, groupBy, tz, repositoryId, user, source, Caller.of(identity),
                config.query().maxRangeDays(), config.query().defaultRangeDays());
    }
}
