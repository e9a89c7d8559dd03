package dev.podbench.cost.analytics;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.podbench.events.WireEnum;
import dev.podbench.events.usage.UsageSource;
import dev.podbench.http.ApiException;
import dev.podbench.http.Caller;

/**
 * A validated {@code GET /api/costs} request: local dates {@code from}..{@code to} (both inclusive) in {@code zone},
 * one or two dimensions, optional filters. A user's query is always narrowed to their own spend.
 */
public record CostQuery(LocalDate from, LocalDate to, ZoneId zone, List<Dimension> groupBy, String repositoryId,
        String user, String source) {

    /** The first instant of {@code from} in the zone. */
    public Instant start() {
        return from.atStartOfDay(zone).toInstant();
    }

    /** The first instant after {@code to} in the zone. */
    public Instant end() {
        return to.plusDays(1).atStartOfDay(zone).toInstant();
    }

    /**
     * Parses the raw parameters; every mistake is a 400 naming the parameter. A non-admin asking for another
     * user's spend is refused; one not naming a user gets their own.
     */
    public static CostQuery parse(String from, String to, String groupBy, String tz, String repositoryId,
            String user, String source, Caller viewer, int maxRangeDays, int defaultRangeDays) {
        ZoneId zone;
        try {
            zone = tz == null || tz.isBlank() ? ZoneId.of("UTC") : ZoneId.of(tz);
        } catch (DateTimeException e) {
            throw ApiException.badRequest("'" + tz + "' is not a time zone: use a name such as UTC or Europe/Paris",
                    Map.of("field", "tz", "value", tz));
        }
        LocalDate toDate = to == null || to.isBlank() ? LocalDate.now(zone) : date("to", to);
        LocalDate fromDate = from == null || from.isBlank() ? toDate.minusDays(defaultRangeDays - 1L)
                : date("from", from);
        if (fromDate.isAfter(toDate)) {
            throw ApiException.badRequest("the start date (" + fromDate + ") is after the end date (" + toDate + ")",
                    Map.of("field", "from"));
        }
        long days = ChronoUnit.DAYS.between(fromDate, toDate) + 1;
        if (days > maxRangeDays) {
            throw ApiException.badRequest("the dates cover " + days + " days; at most " + maxRangeDays
                    + " can be asked for at once", Map.of("field", "from"));
        }
        if (source != null && !source.isBlank()) {
            try {
                UsageSource.fromValue(source);
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("the source must be " + WireEnum.choices(UsageSource.class) + ", not '"
                        + source + "'", Map.of("field", "source", "value", source));
            }
        }
        String effectiveUser = blankToNull(user);
        if (!viewer.admin()) {
            if (effectiveUser != null && !effectiveUser.equals(viewer.name())) {
                throw ApiException.forbidden("only an administrator can see another user's spend",
                        Map.of("field", "user"));
            }
            effectiveUser = viewer.name();
        }
        return new CostQuery(fromDate, toDate, zone, dimensions(groupBy), blankToNull(repositoryId), effectiveUser,
                blankToNull(source));
    }

    private static List<Dimension> dimensions(String groupBy) {
        if (groupBy == null || groupBy.isBlank()) {
            return List.of(Dimension.DAY);
        }
        String[] names = groupBy.split(",", -1);
        if (names.length > 2) {
            throw ApiException.badRequest("costs can be grouped by at most two things at once, such as day,model",
                    Map.of("field", "groupBy", "value", groupBy));
        }
        List<Dimension> dimensions = new ArrayList<>();
        for (String name : names) {
            Dimension d;
            try {
                d = Dimension.fromValue(name.trim());
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("costs cannot be grouped by '" + name.trim() + "': use " + WireEnum.choices(Dimension.class),
                        Map.of("field", "groupBy", "value", groupBy));
            }
            if (dimensions.contains(d)) {
                throw ApiException.badRequest("'" + d.value() + "' is named twice in the grouping",
                        Map.of("field", "groupBy", "value", groupBy));
            }
            dimensions.add(d);
        }
        return List.copyOf(dimensions);
    }

    private static LocalDate date(String name, String value) {
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest("'" + value + "' is not a date: write it as YYYY-MM-DD, such as 2026-03-31",
                    Map.of("field", name, "value", value));
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
