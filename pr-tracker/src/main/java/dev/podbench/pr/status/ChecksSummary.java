package dev.podbench.pr.status;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The checks of a head commit, de-duplicated per name (the latest run wins) and counted per bucket as the gh CLI
 * does. Cancelled runs count as failed and are listed with the failing ones; the overall state is
 * {@code cancelled} only when nothing else failed.
 */
public record ChecksSummary(CheckState state, int passed, int failed, int pending, int skipped,
        List<FailingCheck> failing) {

    public static final ChecksSummary NONE = new ChecksSummary(CheckState.NONE, 0, 0, 0, 0, List.of());

    public ChecksSummary {
        failing = List.copyOf(failing);
    }

    public static ChecksSummary of(Collection<Check> checks) {
        Map<String, Check> latest = new LinkedHashMap<>();
        for (Check check : checks) {
            latest.merge(check.name(), check, (a, b) -> LATEST_FIRST.compare(a, b) <= 0 ? a : b);
        }
        int passed = 0;
        int failed = 0;
        int cancelled = 0;
        int pending = 0;
        int skipped = 0;
        List<FailingCheck> failing = new ArrayList<>();
        for (Check check : latest.values().stream().sorted(Comparator.comparing(Check::name)).toList()) {
            switch (check.bucket()) {
                case PASS -> passed++;
                case SKIPPING -> skipped++;
                case PENDING -> pending++;
                case FAIL, CANCEL -> {
                    if (check.bucket() == CheckBucket.FAIL) {
                        failed++;
                    } else {
                        cancelled++;
                    }
                    failing.add(new FailingCheck(check.name(), check.url()));
                }
            }
        }
        CheckState state;
        if (latest.isEmpty()) {
            state = CheckState.NONE;
        } else if (failed > 0) {
            state = CheckState.FAILING;
        } else if (pending > 0) {
            state = CheckState.PENDING;
        } else if (cancelled > 0) {
            state = CheckState.CANCELLED;
        } else {
            state = CheckState.PASSING;
        }
        return new ChecksSummary(state, passed, failed + cancelled, pending, skipped, failing);
    }

    /** Newest start first; a run without a start time (queued) is newer than any started one; then the higher id. */
    private static final Comparator<Check> LATEST_FIRST = Comparator
            .comparing((Check c) -> c.startedAt() == null ? java.time.Instant.MAX : c.startedAt(), Comparator.reverseOrder())
            .thenComparing(Check::order, Comparator.reverseOrder());
}
