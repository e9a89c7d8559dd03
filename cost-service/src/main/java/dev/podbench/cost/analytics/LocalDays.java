package dev.podbench.cost.analytics;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How the UTC days of a report's range fall into its local days, hour by hour: a UTC hour belongs to the local day its
 * first instant is in. Each UTC day holds at most one local midnight (local days last 23 to 25 hours), so its hours
 * before that midnight (rounded up to the next whole hour, where a zone's offset has minutes) belong to one local day
 * ({@code low}) and the hours from it to another ({@code high}). A daily rollup row's sums go whole to the side with
 * more hours ({@code main}); where the other side ({@code minority}) belongs to another group of the report, the rows
 * of {@code usage_hourly} in its hours move their share across. The row's {@code hours} bits say on which sides its
 * session was present. Local days outside the range are null.
 */
record LocalDays(String[] days, Integer[] lowMasks, Integer[] highMasks, String[] lowDates, String[] highDates,
        Boolean[] mainIsLow, String[] minorityFrom, String[] minorityTo) {

    static final int ALL_HOURS = (1 << 24) - 1;

    static LocalDays of(CostQuery query) {
        LocalDate first = LocalDate.ofInstant(wholeHour(query.start()), ZoneOffset.UTC);
        LocalDate last = LocalDate.ofInstant(wholeHour(query.end()).minusNanos(1), ZoneOffset.UTC);
        int n = (int) ChronoUnit.DAYS.between(first, last) + 1;
        List<String> days = new ArrayList<>(n);
        List<Integer> lowMasks = new ArrayList<>(n);
        List<Integer> highMasks = new ArrayList<>(n);
        List<String> lowDates = new ArrayList<>(n);
        List<String> highDates = new ArrayList<>(n);
        List<Boolean> mainIsLow = new ArrayList<>(n);
        List<String> minorityFrom = new ArrayList<>(n);
        List<String> minorityTo = new ArrayList<>(n);
        for (LocalDate day = first; !day.isAfter(last); day = day.plusDays(1)) {
            Instant dayStart = day.atStartOfDay(ZoneOffset.UTC).toInstant();
            Instant dayEnd = dayStart.plus(1, ChronoUnit.DAYS);
            LocalDate low = LocalDate.ofInstant(dayStart, query.zone());
            Instant midnight = wholeHour(low.plusDays(1).atStartOfDay(query.zone()).toInstant());
            int split = midnight.isBefore(dayEnd) ? (int) Duration.between(dayStart, midnight).toHours() : 24;
            int lowMask = split == 24 ? ALL_HOURS : (1 << split) - 1;
            boolean lowIsMain = split >= 12;
            LocalDate lowInRange = inRange(query, low);
            LocalDate highInRange = split == 24 ? null : inRange(query, low.plusDays(1));
            days.add(dayStart.toString());
            lowMasks.add(lowMask);
            highMasks.add(ALL_HOURS & ~lowMask);
            lowDates.add(lowInRange == null ? null : lowInRange.toString());
            highDates.add(highInRange == null ? null : highInRange.toString());
            mainIsLow.add(lowIsMain);
            boolean sidesApart = split < 24 && !Objects.equals(groups(query, lowInRange), groups(query, highInRange));
            Instant splitAt = dayStart.plus(split, ChronoUnit.HOURS);
            minorityFrom.add(sidesApart ? (lowIsMain ? splitAt : dayStart).toString() : null);
            minorityTo.add(sidesApart ? (lowIsMain ? dayEnd : splitAt).toString() : null);
        }
        return new LocalDays(days.toArray(String[]::new), lowMasks.toArray(Integer[]::new),
                highMasks.toArray(Integer[]::new), lowDates.toArray(String[]::new), highDates.toArray(String[]::new),
                mainIsLow.toArray(Boolean[]::new), minorityFrom.toArray(String[]::new),
                minorityTo.toArray(String[]::new));
    }

    /** The report's time groups a local day in the range falls into (none without a time dimension); null outside. */
    private static List<LocalDate> groups(CostQuery query, LocalDate dateInRange) {
        if (dateInRange == null) {
            return null;
        }
        return query.groupBy().stream().filter(Dimension::isTime).map(d -> d.firstDay(dateInRange)).toList();
    }

    /** Whether the hours of some UTC day fall into two groups of the report (never in UTC). */
    boolean splits() {
        for (String from : minorityFrom) {
            if (from != null) {
                return true;
            }
        }
        return false;
    }

    /** The calendar as query parameters, in the order of {@link #UNNEST}'s columns. */
    List<Object> parameters() {
        return List.of(days, lowMasks, highMasks, lowDates, highDates, mainIsLow, minorityFrom, minorityTo);
    }

    /** The calendar's rows, its eight arrays being parameters {@code $1}..{@code $8}. */
    static final String UNNEST = """
            SELECT day::timestamptz AS day, low_mask, high_mask, low_date::date AS low_date,
                   high_date::date AS high_date, main_is_low, minority_from::timestamptz AS minority_from,
                   minority_to::timestamptz AS minority_to
            FROM unnest($1::text[], $2::int4[], $3::int4[], $4::text[], $5::text[], $6::bool[], $7::text[],
                        $8::text[])
                AS c(day, low_mask, high_mask, low_date, high_date, main_is_low, minority_from, minority_to)""";

    /** The instant, or the next whole UTC hour if it is within one (zones whose offset has minutes). */
    private static Instant wholeHour(Instant instant) {
        Instant hour = instant.truncatedTo(ChronoUnit.HOURS);
        return hour.equals(instant) ? hour : hour.plus(1, ChronoUnit.HOURS);
    }

    private static LocalDate inRange(CostQuery query, LocalDate date) {
        return date.isBefore(query.from()) || date.isAfter(query.to()) ? null : date;
    }
}
