package org.hpckernel.magic.hpc;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.hpckernel.cluster.profile.PriceTable;
import org.hpckernel.cluster.usage.Charge;
import org.hpckernel.cluster.usage.JobUsage;
import org.hpckernel.ledger.JobRecord;
import org.hpckernel.session.Hpc;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * {@code %hpc jobs --cost}: what the ledger's ended jobs spent, summed by day (of submission, local
 * time) and profile, with a total per profile. Elapsed × allocation comes from each profile's
 * accounting, asked once for the jobs whose usage the ledger does not hold yet, then kept there.
 * Cost needs the profile's price table; node-, core- and GPU-hours are shown without one.
 */
final class CostReport {

    private CostReport() {}

    static Table of(Hpc hpc, List<JobRecord> jobs, Consumer<String> say) {
        Map<String, Map<String, Charge>> byProfileDay = new TreeMap<>();
        Map<String, Map<String, Integer>> counts = new TreeMap<>();
        Map<String, Optional<PriceTable>> prices = new TreeMap<>();
        for (String profile : jobs.stream().map(JobRecord::profile).distinct().toList()) {
            Map<String, List<JobUsage>> used;
            try {
                var cluster = hpc.cluster(profile);
                prices.put(profile, cluster.profile().priceOpt());
                used = cluster.endedJobsUsage();
            } catch (Exception e) {
                say.accept("Profile " + profile + ": usage unavailable: "
                        + (e.getMessage() == null
                                ? e.getClass().getSimpleName()
                                : e.getMessage().strip().split("\n")[0])
                        + "\n");
                continue;
            }
            for (JobRecord j : jobs) {
                List<JobUsage> mine = j.profile().equals(profile) ? used.get(j.jobId()) : null;
                if (mine == null) {
                    continue;
                }
                String day = LocalDate.ofInstant(j.submittedAt(), ZoneId.systemDefault())
                        .toString();
                byProfileDay
                        .computeIfAbsent(profile, k -> new TreeMap<>())
                        .merge(day, Charge.spent(mine, prices.get(profile)), Charge::plus);
                counts.computeIfAbsent(profile, k -> new TreeMap<>()).merge(day, 1, Integer::sum);
            }
        }
        Table t = Table.create(
                "cost of ended jobs",
                StringColumn.create("day"),
                StringColumn.create("profile"),
                IntColumn.create("jobs"),
                StringColumn.create("node-hours"),
                StringColumn.create("core-hours"),
                StringColumn.create("GPU-hours"),
                StringColumn.create("cost"));
        byProfileDay.forEach((profile, days) -> {
            Optional<PriceTable> price = prices.getOrDefault(profile, Optional.empty());
            days.forEach((day, c) -> row(t, day, profile, counts.get(profile).get(day), c, price));
            if (days.size() > 1) {
                row(
                        t,
                        "total",
                        profile,
                        counts.get(profile).values().stream()
                                .mapToInt(Integer::intValue)
                                .sum(),
                        days.values().stream().reduce(Charge.NONE, Charge::plus),
                        price);
            }
        });
        return t;
    }

    private static void row(Table t, String day, String profile, int jobs, Charge c, Optional<PriceTable> price) {
        t.stringColumn("day").append(day);
        t.stringColumn("profile").append(profile);
        t.intColumn("jobs").append(jobs);
        t.stringColumn("node-hours").append(PriceTable.number(c.nodeHours()));
        t.stringColumn("core-hours").append(PriceTable.number(c.coreHours()));
        t.stringColumn("GPU-hours").append(PriceTable.number(c.gpuHours()));
        t.stringColumn("cost").append(price.map(p -> p.format(c.cost())).orElse("no price table"));
    }
}
