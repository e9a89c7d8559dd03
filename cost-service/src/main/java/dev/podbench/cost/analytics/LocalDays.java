package dev.podbench.cost.analytics;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How the UTC days of a report's range fall into its local days: each UTC day holds at most one local midnight
 * (local days last 23 to 25 hours), so its hours before that midnight belong to one local day ({@code low}) and
 * the hours from it to another ({@code high}). A daily rollup row's sums go whole to the side with more hours
 * ({@code main}); the rows of {@code usage_hourly} in the other side's hours ({@code minority}) move their share
 * across. The row's {@code hours} bits say on which sides its session was present. Local days outside the range
 * are null. Only for zones whose local midnights in the range are whole UTC hours ({@link #of} is empty otherwise).
 */
record LocalDays(String[] days, Integer[] lowMasks, Integer[] highMasks, String[] lowDates, String[] highDates,
        Boolean[] mainIsLow, String[] minorityFrom, String[] minorityTo) {

    static final int ALL_HOURS = (1 << 24) - 1;

    static Optional<LocalDays> of(CostQuery query) {
        Instant start = query.start();
        Instant end = query.end();
        if (!onTheHour(start) || !onTheHour(end)) {
            return Optional.empty();
        }
        LocalDate first = LocalDate.ofInstant(start, ZoneOffset.UTC);
        LocalDate last = LocalDate.ofInstant(end.minusNanos(1), ZoneOffset.UTC);
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
            Instant midnight = low.plusDays(1).atStartOfDay(query.zone()).toInstant();
            int split = 24;
            if (midnight.isBefore(dayEnd)) {
                if (!onTheHour(midnight)) {
                    return Optional.empty();
                }
                split = (int) Duration.between(dayStart, midnight).toHours();
            }
            int lowMask = split == 24 ? ALL_HOURS : (1 << split) - 1;
            boolean lowIsMain = split >= 12;
            days.add(dayStart.toString());
            lowMasks.add(lowMask);
            highMasks.add(ALL_HOURS & ~lowMask);
            lowDates.add(inRange(query, low));
            highDates.add(split == 24 ? null : inRange(query, low.plusDays(1)));
            mainIsLow.add(lowIsMain);
            Instant splitAt = dayStart.plus(split, ChronoUnit.HOURS);
            minorityFrom.add(split == 24 ? null : (lowIsMain ? splitAt : dayStart).toString());
            minorityTo.add(split == 24 ? null : (lowIsMain ? dayEnd : splitAt).toString());
        }
        return Optional.of(new LocalDays(days.toArray(String[]::new), lowMasks.toArray(Integer[]::new),
                highMasks.toArray(Integer[]::new), lowDates.toArray(String[]::new), highDates.toArray(String[]::new),
                mainIsLow.toArray(Boolean[]::new), minorityFrom.toArray(String[]::new),
                minorityTo.toArray(String[]::new)));
    }

    /** Whether a local midnight falls inside any of the UTC days (never in UTC). */
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

    private static boolean onTheHour(Instant instant) {
        return instant.getEpochSecond() % 3600 == 0 && instant.getNano() == 0;
    }

    private static String inRange(CostQuery query, LocalDate date) {
        return date.isBefore(query.from()) || date.isAfter(query.to()) ? null : date.toString();
    }
}
