package org.hpckernel.cluster.sge;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hpckernel.cluster.JobId;
import org.hpckernel.cluster.usage.ByteSize;
import org.hpckernel.cluster.usage.Clock;
import org.hpckernel.cluster.usage.JobUsage;

/**
 * What Grid Engine jobs used, from {@code qacct -j} records: {@code cpu} (seconds), {@code ru_wallclock},
 * {@code slots}, {@code maxvmem} (virtual memory: Grid Engine keeps no RSS peak it prints right), and
 * the request from {@code category} ({@code -l h_rt=600,h_vmem=1G -pe smp 2}; h_vmem is per slot).
 * Records of one task (a parallel job's PE tasks) are added up. Grid Engine writes a record when a
 * job ends, so a job still running has none.
 */
public final class SgeUsageParser {

    private SgeUsageParser() {}

    /** One {@code qacct -j} per job number, each answer after {@code @@qacct N}. */
    public static String command(Collection<String> numbers) {
        StringBuilder c = new StringBuilder("for j in");
        numbers.forEach(n -> c.append(' ').append(org.hpckernel.cluster.Shell.quote(n)));
        return c.append("; do echo \"@@qacct $j\"; qacct -j \"$j\" 2>&1; done").toString();
    }

    public static List<JobUsage> parse(String output) {
        Map<String, JobUsage> byId = new LinkedHashMap<>();
        for (QacctRecords.Accounted r : QacctRecords.read(output)) {
            String key = r.key();
            JobUsage u = usage(JobId.of(key), r.fields());
            byId.merge(key, u, SgeUsageParser::together);
        }
        return new ArrayList<>(byId.values());
    }

    private static JobUsage usage(JobId id, Map<String, String> f) {
        Map<String, String> asked = category(f.getOrDefault("category", ""));
        int slots = (int) number(f.get("slots")).orElse(1);
        Optional<Long> perSlot = Optional.ofNullable(asked.get("h_vmem")).flatMap(ByteSize::parseMegabytesByDefault);
        Optional<Long> request = perSlot.map(m -> m * slots);
        Duration elapsed = Clock.parse(f.get("ru_wallclock")).orElse(Duration.ZERO);
        Optional<Duration> cpu = Clock.parse(f.get("cpu"));
        Optional<Long> peak = ByteSize.parse(f.get("maxvmem"));
        String state = SgeStatusParser.accounted(id, f.getOrDefault("failed", "0"), f.getOrDefault("exit_status", "0"))
                .state()
                .name();
        return new JobUsage(
                id,
                state,
                elapsed,
                Optional.ofNullable(asked.get("h_rt")).flatMap(Clock::parse),
                slots,
                cpu,
                peak,
                request,
                Optional.ofNullable(asked.get("gpu"))
                        .flatMap(SgeUsageParser::numberOf)
                        .orElse(0L)
                        .intValue(),
                1,
                "virtual",
                f.getOrDefault("qname", ""),
                request.isEmpty() ? "no h_vmem asked: the memory peak has no request to compare with" : "");
    }

    /** Two records of one task: CPU time added, the longer wall clock, the larger peak. */
    private static JobUsage together(JobUsage a, JobUsage b) {
        Optional<Duration> cpu = a.cpuTime().isPresent() && b.cpuTime().isPresent()
                ? Optional.of(a.cpuTime().get().plus(b.cpuTime().get()))
                : a.cpuTime().or(b::cpuTime);
        Optional<Long> peak = a.peakMemory().isPresent() && b.peakMemory().isPresent()
                ? Optional.of(Math.max(a.peakMemory().get(), b.peakMemory().get()))
                : a.peakMemory().or(b::peakMemory);
        return new JobUsage(
                a.id(),
                a.state(),
                a.elapsed().compareTo(b.elapsed()) >= 0 ? a.elapsed() : b.elapsed(),
                a.timeLimit(),
                Math.max(a.cpus(), b.cpus()),
                cpu,
                peak,
                a.memoryRequest(),
                a.gpus(),
                a.nodes(),
                a.memoryKind(),
                a.partition(),
                a.note());
    }

    /** {@code -l h_rt=600,h_vmem=1G -pe smp 2} as h_rt, h_vmem and pe; {@code NONE} as nothing. */
    static Map<String, String> category(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        String[] words = text.strip().split("\\s+");
        for (int i = 0; i + 1 < words.length; i++) {
            if (words[i].equals("-l")) {
                for (String kv : words[i + 1].split(",")) {
                    int eq = kv.indexOf('=');
                    if (eq > 0) {
                        out.put(kv.substring(0, eq), kv.substring(eq + 1));
                    }
                }
            } else if (words[i].equals("-pe") && i + 2 < words.length) {
                out.put("pe", words[i + 1] + " " + words[i + 2]);
            }
        }
        return out;
    }

    private static Optional<Long> numberOf(String text) {
        return text.matches("\\d+") ? Optional.of(Long.parseLong(text)) : Optional.empty();
    }

    private static java.util.OptionalLong number(String text) {
        return text != null && text.strip().matches("\\d+")
                ? java.util.OptionalLong.of(Long.parseLong(text.strip()))
                : java.util.OptionalLong.empty();
    }
}
