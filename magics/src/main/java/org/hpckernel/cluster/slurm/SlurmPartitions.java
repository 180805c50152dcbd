package org.hpckernel.cluster.slurm;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Collectors;
import org.hpckernel.cluster.JobSpec;

/**
 * Partition limits from {@code sinfo}, and a refusal for a job that asks for more than the partition
 * it would run in allows: Slurm would keep it pending for ever (PartitionTimeLimit, PartitionConfig)
 * or refuse it, so saying so at submit, with what to ask instead, saves the wait. Pure.
 */
public final class SlurmPartitions {

    /** The command whose output {@link #parse} reads: name (default marked *), time limit, memory per node (MB), nodes, GRES, state. */
    public static final String COMMAND = "sinfo -h -o '%P|%l|%m|%D|%G|%a'";

    /**
     * One partition. {@code maxTime} empty means no limit; {@code memoryMb} is the largest node's
     * memory, empty when not known; {@code gpusPerNode} by type ("" counts every type), empty when
     * not known (scontrol does not list them).
     */
    public record Partition(
            String name,
            boolean isDefault,
            Optional<Duration> maxTime,
            OptionalLong memoryMb,
            int nodes,
            Optional<Map<String, Integer>> gpusPerNode,
            boolean up) {

        public Partition {
            gpusPerNode = gpusPerNode.map(Map::copyOf);
        }
    }

    private SlurmPartitions() {}

    /** sinfo prints one row per partition and node configuration: rows of one partition are merged (nodes summed, largest memory and GPUs kept). */
    public static List<Partition> parse(String sinfoOutput) {
        Map<String, Partition> byName = new LinkedHashMap<>();
        for (String line : sinfoOutput.split("\n")) {
            String[] f = line.strip().split("\\|", -1);
            if (f.length < 6 || f[0].isEmpty()) {
                continue;
            }
            boolean isDefault = f[0].endsWith("*");
            String name = isDefault ? f[0].substring(0, f[0].length() - 1) : f[0];
            Partition row = new Partition(
                    name,
                    isDefault,
                    parseTime(f[1]),
                    parseMemory(f[2]),
                    parseCount(f[3]),
                    Optional.of(parseGres(f[4])),
                    f[5].strip().toLowerCase(Locale.ROOT).startsWith("up"));
            byName.merge(name, row, SlurmPartitions::merge);
        }
        return List.copyOf(byName.values());
    }

    /** The command whose output {@link #parseScontrol} reads: one line per partition, policy limits included. */
    public static final String SCONTROL_COMMAND = "scontrol show partition -o";

    /**
     * {@code scontrol show partition -o}: the partition's own limits (MaxTime, MaxNodes, MaxMemPerNode)
     * rather than its nodes' sizes. Nodes are the smaller of TotalNodes and MaxNodes; memory is
     * MaxMemPerNode when set; GPUs are not listed there, so none are claimed (empty means "not known").
     */
    public static List<Partition> parseScontrol(String output) {
        List<Partition> out = new ArrayList<>();
        for (Map.Entry<String, Map<String, String>> e : scontrolFields(output).entrySet()) {
            String name = e.getKey();
            Map<String, String> kv = e.getValue();
            int total = parseCount(kv.getOrDefault("TotalNodes", "0"));
            String maxNodes = kv.getOrDefault("MaxNodes", "UNLIMITED");
            int nodes = maxNodes.matches("\\d+") && total > 0 ? Math.min(total, Integer.parseInt(maxNodes)) : total;
            String mem = kv.getOrDefault("MaxMemPerNode", "UNLIMITED");
            out.add(new Partition(
                    name,
                    "YES".equalsIgnoreCase(kv.get("Default")),
                    parseTime(kv.getOrDefault("MaxTime", "UNLIMITED")),
                    mem.matches("\\d+") ? OptionalLong.of(Long.parseLong(mem)) : OptionalLong.empty(),
                    nodes,
                    Optional.empty(),
                    "UP".equalsIgnoreCase(kv.getOrDefault("State", "UP"))));
        }
        return List.copyOf(out);
    }

    /** Each line's {@code Key=Value} words, by PartitionName. */
    private static Map<String, Map<String, String>> scontrolFields(String output) {
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        for (String line : output.split("\n")) {
            Map<String, String> kv = new LinkedHashMap<>();
            for (String field : line.strip().split("\\s+")) {
                int eq = field.indexOf('=');
                if (eq > 0) {
                    kv.put(field.substring(0, eq), field.substring(eq + 1));
                }
            }
            if (kv.containsKey("PartitionName")) {
                out.put(kv.get("PartitionName"), kv);
            }
        }
        return out;
    }

    /**
     * What {@code %hpc partitions} shows, in one call: sinfo's rows (the limits' columns, then node
     * counts allocated/idle/other/total and CPUs per node), then scontrol's own limits.
     */
    public static final String OVERVIEW_COMMAND =
            "sinfo -h -o '%P|%l|%m|%D|%G|%a|%F|%c'; echo @@scontrol; scontrol show partition -o";

    /**
     * Each partition with its limits and node counts, from {@link #OVERVIEW_COMMAND}'s output. The
     * partition's own limits (scontrol MaxTime, MaxMemPerNode or MaxMemPerCPU) win over its nodes'
     * sizes; without them the largest node's memory is shown as such.
     */
    public static List<org.hpckernel.cluster.Partition> overview(String output) {
        int mark = output.indexOf("@@scontrol");
        String sinfo = mark < 0 ? output : output.substring(0, mark);
        Map<String, Map<String, String>> policy =
                mark < 0 ? Map.of() : scontrolFields(output.substring(mark + "@@scontrol".length()));
        Map<String, int[]> counts = new LinkedHashMap<>();
        Map<String, java.util.Set<String>> cpus = new LinkedHashMap<>();
        for (String line : sinfo.split("\n")) {
            String[] f = line.strip().split("\\|", -1);
            if (f.length < 8 || f[0].isEmpty()) {
                continue;
            }
            String name = f[0].endsWith("*") ? f[0].substring(0, f[0].length() - 1) : f[0];
            String[] aiot = f[6].split("/");
            int[] c = counts.computeIfAbsent(name, k -> new int[4]);
            for (int i = 0; i < Math.min(4, aiot.length); i++) {
                c[i] += parseCount(aiot[i]);
            }
            cpus.computeIfAbsent(name, k -> new java.util.LinkedHashSet<>()).add(f[7].strip());
        }
        List<org.hpckernel.cluster.Partition> out = new ArrayList<>();
        for (Partition p : parse(sinfo)) {
            Map<String, String> kv = policy.getOrDefault(p.name(), Map.of());
            Optional<Duration> maxTime = kv.containsKey("MaxTime") ? parseTime(kv.get("MaxTime")) : p.maxTime();
            String memory = limited(kv.get("MaxMemPerNode"))
                    ? kv.get("MaxMemPerNode") + "M per node"
                    : limited(kv.get("MaxMemPerCPU"))
                            ? kv.get("MaxMemPerCPU") + "M per CPU"
                            : p.memoryMb().isPresent() ? p.memoryMb().getAsLong() + "M per node" : "";
            Map<String, Integer> gpus = p.gpusPerNode().orElse(Map.of());
            String gpuText = gpus.isEmpty()
                    ? "none"
                    : gpus.entrySet().stream()
                                    .filter(g -> !g.getKey().isEmpty() || gpus.size() == 1)
                                    .map(g -> (g.getKey().isEmpty() ? "" : g.getKey() + ":") + g.getValue())
                                    .collect(Collectors.joining(", "))
                            + " per node";
            int[] c = counts.getOrDefault(p.name(), new int[4]);
            List<String> notes = new ArrayList<>();
            if (limited(kv.get("DefaultTime")) && !"NONE".equals(kv.get("DefaultTime"))) {
                notes.add("default time " + kv.get("DefaultTime"));
            }
            if (limited(kv.get("MaxNodes"))) {
                notes.add("at most " + kv.get("MaxNodes") + " nodes a job");
            }
            if (!"ALL".equals(kv.getOrDefault("AllowAccounts", "ALL"))) {
                notes.add("accounts " + kv.get("AllowAccounts"));
            }
            boolean up = p.up() && "UP".equalsIgnoreCase(kv.getOrDefault("State", "UP"));
            out.add(new org.hpckernel.cluster.Partition(
                    p.name(),
                    p.isDefault(),
                    up,
                    maxTime,
                    memory,
                    gpuText,
                    String.join("/", cpus.getOrDefault(p.name(), java.util.Set.of())),
                    Optional.of(new org.hpckernel.cluster.Partition.Nodes(c[1], c[0], c[2], c[3])),
                    String.join("; ", notes)));
        }
        return List.copyOf(out);
    }

    private static boolean limited(String value) {
        return value != null
                && !value.isBlank()
                && !"UNLIMITED".equalsIgnoreCase(value)
                && !"0".equals(value)
                && !"NONE".equals(value);
    }

    private static Partition merge(Partition a, Partition b) {
        OptionalLong mem = a.memoryMb().isPresent() && b.memoryMb().isPresent()
                ? OptionalLong.of(
                        Math.max(a.memoryMb().getAsLong(), b.memoryMb().getAsLong()))
                : OptionalLong.empty();
        Map<String, Integer> gpus = new LinkedHashMap<>(a.gpusPerNode().orElse(Map.of()));
        b.gpusPerNode().orElse(Map.of()).forEach((k, v) -> gpus.merge(k, v, Math::max));
        return new Partition(
                a.name(),
                a.isDefault() || b.isDefault(),
                a.maxTime(),
                mem,
                a.nodes() + b.nodes(),
                Optional.of(gpus),
                a.up() || b.up());
    }

    /** Slurm's time forms as sinfo prints them: M:SS, H:MM:SS, D-HH:MM:SS; {@code infinite} (or n/a) is no limit. */
    public static Optional<Duration> parseTime(String text) {
        String t = text.strip();
        if (t.isEmpty()
                || t.equalsIgnoreCase("infinite")
                || t.equalsIgnoreCase("unlimited")
                || t.equalsIgnoreCase("n/a")) {
            return Optional.empty();
        }
        long days = 0;
        int dash = t.indexOf('-');
        if (dash > 0) {
            days = Long.parseLong(t.substring(0, dash));
            t = t.substring(dash + 1);
        }
        String[] p = t.split(":");
        long seconds = 0;
        for (String part : p) {
            seconds = seconds * 60 + Long.parseLong(part);
        }
        if (dash > 0 && p.length == 1) {
            seconds *= 3600; // D-HH
        } else if (dash > 0 && p.length == 2) {
            seconds *= 60; // D-HH:MM
        }
        return Optional.of(Duration.ofDays(days).plusSeconds(seconds));
    }

    /** {@code 21694} MB; {@code 21694+} means nodes differ and some have more, so the largest is not known. */
    static OptionalLong parseMemory(String text) {
        String t = text.strip();
        if (t.endsWith("+") || !t.matches("\\d+")) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(Long.parseLong(t));
    }

    private static int parseCount(String text) {
        String t = text.strip().replace("+", "");
        return t.matches("\\d+") ? Integer.parseInt(t) : 0;
    }

    /** {@code gpu:a100:4(S:0-1),gpu:v100:2} as {a100=4, v100=2, ""=6}; {@code (null)} as none. */
    static Map<String, Integer> parseGres(String text) {
        Map<String, Integer> gpus = new LinkedHashMap<>();
        for (String item : text.strip().split(",")) {
            String g = item.replaceAll("\\(.*\\)", "").strip();
            if (!g.startsWith("gpu")) {
                continue;
            }
            String[] p = g.split(":");
            try {
                int count = Integer.parseInt(p[p.length - 1]);
                if (p.length >= 3) {
                    gpus.merge(p[1], count, Integer::sum);
                }
                gpus.merge("", count, Integer::sum);
            } catch (NumberFormatException notACount) {
                // "gpu" alone or an odd form: say nothing about it
            }
        }
        return gpus;
    }

    /**
     * Why Slurm would never run this job, with what to ask instead; empty when it fits (or when the
     * limits are not known well enough to say). A named partition (or list) is checked as named;
     * with none, Slurm uses the default partition, so that one is checked and the others that
     * would fit are suggested.
     */
    public static Optional<String> refusal(JobSpec spec, List<Partition> partitions) {
        if (partitions.isEmpty()) {
            return Optional.empty();
        }
        List<Partition> candidates = new ArrayList<>();
        if (spec.partition().isPresent()) {
            for (String wanted : spec.partition().get().split(",")) {
                Optional<Partition> p = partitions.stream()
                        .filter(x -> x.name().equals(wanted.strip()))
                        .findFirst();
                if (p.isEmpty()) {
                    return Optional.of(
                            "There is no partition '" + wanted.strip() + "' on this cluster; its partitions are "
                                    + partitions.stream()
                                            .map(x -> x.name() + (x.isDefault() ? " (default)" : ""))
                                            .collect(Collectors.joining(", "))
                                    + ". Pass one of them with --partition.");
                }
                candidates.add(p.get());
            }
        } else {
            partitions.stream().filter(Partition::isDefault).findFirst().ifPresent(candidates::add);
            if (candidates.isEmpty()) {
                return Optional.empty(); // no default: Slurm itself will ask for --partition
            }
        }
        List<List<String>> problems =
                candidates.stream().map(p -> tooBig(spec, p)).toList();
        if (problems.stream().anyMatch(List::isEmpty)) {
            return Optional.empty(); // Slurm runs it in the first listed partition that fits
        }
        List<String> fitting = partitions.stream()
                .filter(p -> tooBig(spec, p).isEmpty())
                .map(Partition::name)
                .toList();
        StringBuilder s = new StringBuilder("This job would never start: ");
        for (int i = 0; i < candidates.size(); i++) {
            s.append(i > 0 ? "; " : "")
                    .append("partition ")
                    .append(candidates.get(i).name())
                    .append(spec.partition().isEmpty() ? " (the default, as none was given)" : "")
                    .append(' ')
                    .append(String.join(", ", problems.get(i)));
        }
        s.append(". ");
        if (fitting.isEmpty()) {
            s.append("No partition of this cluster allows that much: ask for less (the limits are above).");
        } else {
            s.append("Ask for less, or use --partition ")
                    .append(String.join(" or --partition ", fitting))
                    .append(", which allow")
                    .append(fitting.size() == 1 ? "s" : "")
                    .append(" it.");
        }
        return Optional.of(s.toString());
    }

    /** What the job asks beyond one partition's limits, each as "asks X, allows Y". */
    static List<String> tooBig(JobSpec spec, Partition p) {
        List<String> out = new ArrayList<>();
        JobSpec.Resources r = spec.resources();
        if (r.timeLimit().isPresent()
                && p.maxTime().isPresent()
                && r.timeLimit().get().compareTo(p.maxTime().get()) > 0) {
            out.add("allows --time " + slurmTime(p.maxTime().get()) + " at most (asked "
                    + slurmTime(r.timeLimit().get()) + ")");
        }
        if (r.nodes().isPresent() && p.nodes() > 0 && r.nodes().get() > p.nodes()) {
            out.add("has " + p.nodes() + " node" + (p.nodes() == 1 ? "" : "s") + " (asked --nodes "
                    + r.nodes().get() + ")");
        }
        OptionalLong asked = r.memory().map(SlurmPartitions::memoryMb).orElse(OptionalLong.empty());
        if (asked.isPresent()
                && p.memoryMb().isPresent()
                && asked.getAsLong() > p.memoryMb().getAsLong()) {
            out.add("has " + p.memoryMb().getAsLong() + "M of memory per node (asked --mem "
                    + r.memory().get() + ")");
        }
        if (r.gpus().isPresent()
                && r.gpus().get().count() > 0
                && p.gpusPerNode().isPresent()) {
            JobSpec.Gpus g = r.gpus().get();
            int have = p.gpusPerNode().get().getOrDefault(g.type().orElse(""), 0);
            if (g.count() > have) {
                out.add(
                        have == 0
                                ? "has no " + g.type().map(t -> t + " ").orElse("") + "GPUs (asked --gpus " + g + ")"
                                : "has " + have + " "
                                        + g.type().map(t -> t + " ").orElse("") + "GPUs per node (asked --gpus " + g
                                        + ")");
            }
        }
        return out;
    }

    /** --mem as Slurm reads it: a number with K, M (the default), G or T. Empty when it is not one. */
    static OptionalLong memoryMb(String text) {
        String t = text.strip().toUpperCase(Locale.ROOT);
        if (t.endsWith("B")) {
            t = t.substring(0, t.length() - 1);
        }
        if (t.isEmpty()) {
            return OptionalLong.empty();
        }
        char unit = t.charAt(t.length() - 1);
        String digits = Character.isDigit(unit) ? t : t.substring(0, t.length() - 1);
        if (!digits.matches("\\d{1,12}")) {
            return OptionalLong.empty();
        }
        long n = Long.parseLong(digits);
        return switch (Character.isDigit(unit) ? 'M' : unit) {
            case 'K' -> OptionalLong.of((n + 1023) / 1024);
            case 'M' -> OptionalLong.of(n);
            case 'G' -> OptionalLong.of(n * 1024);
            case 'T' -> OptionalLong.of(n * 1024 * 1024);
            default -> OptionalLong.empty();
        };
    }

    /** D-HH:MM:SS, HH:MM:SS or MM:SS, as the user would pass it to --time. */
    static String slurmTime(Duration d) {
        long s = d.toSeconds();
        long days = s / 86400;
        long h = s % 86400 / 3600;
        long m = s % 3600 / 60;
        long sec = s % 60;
        return days > 0
                ? String.format("%d-%02d:%02d:%02d", days, h, m, sec)
                : String.format("%02d:%02d:%02d", h, m, sec);
    }
}
