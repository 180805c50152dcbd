package org.hpckernel.cluster.pbs;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hpckernel.cluster.Partition;

/**
 * PBS queues for {@code %hpc partitions}: the server's {@code default_queue} ({@code qstat -Bf})
 * and each queue's {@code qstat -Qf} block (resources_max.*, enabled/started, state_count). PBS
 * ties nodes to queues only by site policy, so node counts are not shown; the jobs running and
 * queued are. Pure.
 */
public final class PbsQueues {

    public static final String COMMAND = "qstat -Bf | grep -i 'default_queue' ; echo @@queues; qstat -Qf";

    private PbsQueues() {}

    public static List<Partition> parse(String output) {
        int mark = output.indexOf("@@queues");
        String server = mark < 0 ? "" : output.substring(0, mark);
        String defaultQueue = "";
        for (String line : server.split("\n")) {
            int eq = line.indexOf('=');
            if (line.strip().startsWith("default_queue") && eq > 0) {
                defaultQueue = line.substring(eq + 1).strip();
            }
        }
        List<Partition> out = new ArrayList<>();
        for (Map.Entry<String, Map<String, String>> q : PbsBlocks.read(
                        mark < 0 ? output : output.substring(mark), "Queue")
                .entrySet()) {
            Map<String, String> f = q.getValue();
            boolean up = "True".equalsIgnoreCase(f.getOrDefault("enabled", "True"))
                    && "True".equalsIgnoreCase(f.getOrDefault("started", "True"));
            List<String> notes = new ArrayList<>();
            if ("Route".equalsIgnoreCase(f.getOrDefault("queue_type", ""))) {
                notes.add("routes to " + f.getOrDefault("route_destinations", "other queues"));
            }
            String counts = f.getOrDefault("state_count", "");
            String running = field(counts, "Running");
            String queued = field(counts, "Queued");
            if (!running.isEmpty() || !queued.isEmpty()) {
                notes.add("jobs: " + (running.isEmpty() ? "?" : running) + " running, "
                        + (queued.isEmpty() ? "?" : queued) + " queued");
            }
            if (f.containsKey("resources_min.ngpus") && !"0".equals(f.get("resources_min.ngpus"))) {
                notes.add("at least " + f.get("resources_min.ngpus") + " GPU a job");
            }
            String gpus = f.getOrDefault("resources_max.ngpus", "");
            out.add(new Partition(
                    q.getKey(),
                    q.getKey().equals(defaultQueue),
                    up,
                    PbsQueueParser.hms(f.getOrDefault("resources_max.walltime", "")),
                    f.getOrDefault("resources_max.mem", ""),
                    gpus.isEmpty() ? "" : "up to " + gpus + " a job",
                    f.getOrDefault("resources_max.ncpus", ""),
                    Optional.empty(),
                    String.join("; ", notes)));
        }
        return List.copyOf(out);
    }

    /** {@code Running:10} out of {@code Transit:0 Queued:14 ... Running:10}. */
    private static String field(String counts, String name) {
        for (String part : counts.split("\\s+")) {
            if (part.startsWith(name + ":")) {
                return part.substring(name.length() + 1);
            }
        }
        return "";
    }
}
