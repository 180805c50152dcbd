package org.hpckernel.cluster.slurm;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hpckernel.cluster.JobId;
import org.hpckernel.cluster.JobState;
import org.hpckernel.cluster.JobStatus;

/**
 * A job pending with ReqNodeNotAvail waits for the nodes it named to come back; a node that does
 * not exist never comes back. Given the cluster's node names ({@link #COMMAND}, cached with the
 * partitions), such a job is marked as never starting. Pure.
 */
public final class SlurmNodes {

    /** The node names, one a line. */
    public static final String COMMAND = "sinfo -h -N -o '%N'";

    /** Our own word in a reason, understood by {@link org.hpckernel.cluster.NeverStarts}: Slurm has none for this. */
    public static final String NO_SUCH_NODE = "NoSuchNode";

    private SlurmNodes() {}

    /** The node names from {@link #COMMAND}'s output. */
    public static Set<String> parse(String sinfoOutput) {
        Set<String> names = new java.util.LinkedHashSet<>();
        for (String line : sinfoOutput.split("\n")) {
            if (!line.isBlank()) {
                names.addAll(expand(line.strip()));
            }
        }
        return names;
    }

    /** A Slurm host list as names: {@code gpu[07-08,10],cpu1} is gpu07, gpu08, gpu10, cpu1 (zero padding kept). */
    public static List<String> expand(String hostList) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i <= hostList.length(); i++) {
            char c = i < hostList.length() ? hostList.charAt(i) : ',';
            if (c == '[') {
                depth++;
            } else if (c == ']') {
                depth--;
            } else if (c == ',' && depth == 0) {
                String item = hostList.substring(start, i).strip();
                if (!item.isEmpty()) {
                    expandOne(item, out);
                }
                start = i + 1;
            }
        }
        return out;
    }

    private static void expandOne(String item, List<String> out) {
        int open = item.indexOf('[');
        int close = item.indexOf(']');
        if (open < 0 || close < open) {
            out.add(item);
            return;
        }
        String prefix = item.substring(0, open);
        String suffix = item.substring(close + 1);
        for (String range : item.substring(open + 1, close).split(",")) {
            String[] b = range.split("-");
            try {
                int from = Integer.parseInt(b[0]);
                int to = b.length > 1 ? Integer.parseInt(b[1]) : from;
                for (int n = from; n <= to && n - from < 10_000; n++) {
                    out.add(prefix + String.format("%0" + b[0].length() + "d", n) + suffix);
                }
            } catch (NumberFormatException odd) {
                out.add(prefix + "[" + range + "]" + suffix);
            }
        }
    }

    /**
     * The statuses, with every pending ReqNodeNotAvail job whose unavailable nodes include one the
     * cluster does not have marked {@link #NO_SUCH_NODE} (so it is settled and gets advice).
     * With no node list (empty), nothing is marked.
     */
    public static Map<JobId, JobStatus> markMissingNodes(Map<JobId, JobStatus> statuses, Set<String> clusterNodes) {
        if (clusterNodes.isEmpty()) {
            return statuses;
        }
        Map<JobId, JobStatus> out = new LinkedHashMap<>();
        statuses.forEach((id, s) -> {
            List<String> missing = s.state() == JobState.PENDING ? missing(s.reason(), clusterNodes) : List.of();
            out.put(
                    id,
                    missing.isEmpty()
                            ? s
                            : new JobStatus(
                                    s.id(),
                                    s.state(),
                                    s.exitCode(),
                                    s.signal(),
                                    s.reason() + " (" + NO_SUCH_NODE + ": " + String.join(",", missing)
                                            + "; will never start)",
                                    s.source()));
        });
        return out;
    }

    static List<String> missing(String reason, Set<String> clusterNodes) {
        int at = reason.indexOf("ReqNodeNotAvail");
        int list = reason.indexOf("UnavailableNodes:", Math.max(at, 0));
        if (at < 0 || list < 0) {
            return List.of();
        }
        String nodes = reason.substring(list + "UnavailableNodes:".length()).strip();
        int space = nodes.indexOf(' ');
        nodes = space < 0 ? nodes : nodes.substring(0, space);
        return expand(nodes).stream().filter(n -> !clusterNodes.contains(n)).toList();
    }
}
