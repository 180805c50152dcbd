package org.hpckernel.cluster;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What works on a cluster, found by doing it: a tiny two-task array job is submitted and followed to
 * its end, and one query asks the scheduler for its accounting, default queue and GPUs. This is
 * what {@code %hpc profile test} shows.
 */
public final class SchedulerProbe {

    /** What the probe found; {@code notes} says how each answer was reached. */
    public record Capabilities(
            String scheduler,
            JobState tinyJob,
            boolean arrays,
            boolean accounting,
            boolean gpus,
            String defaultQueue,
            List<String> notes) {

        /** Lines for a cell: {@code accounting: yes (qacct)} and so on. */
        public String describe() {
            StringBuilder s = new StringBuilder();
            s.append("scheduler:     ").append(scheduler).append('\n');
            s.append("tiny job:      ").append(tinyJob).append('\n');
            s.append("arrays:        ").append(arrays ? "yes" : "no").append('\n');
            s.append("accounting:    ")
                    .append(accounting ? "yes" : "no (the exit files decide how jobs ended)")
                    .append('\n');
            s.append("GPUs:          ").append(gpus ? "yes" : "none seen").append('\n');
            s.append("default queue: ")
                    .append(defaultQueue.isEmpty() ? "(none found)" : defaultQueue)
                    .append('\n');
            notes.forEach(n -> s.append("  ").append(n).append('\n'));
            return s.toString();
        }
    }

    private SchedulerProbe() {}

    /** The query that tells accounting/history, the default queue and GPUs, per scheduler; one remote call. */
    static String query(String scheduler) {
        return switch (scheduler) {
            case "slurm" ->
                "sacct -n -X -S now-1minutes >/dev/null 2>&1 && echo @@acct yes; "
                        + "echo \"@@queue $(sinfo -h -o '%P' 2>/dev/null | grep '\\*' | tr -d '*' | head -1)\"; "
                        + "sinfo -h -o '%G' 2>/dev/null | grep -q gpu && echo @@gpus yes; true";
            case "sge" ->
                "qconf -sconf global 2>/dev/null | grep -q 'accounting=true' && echo @@acct yes; "
                        + "echo \"@@queue $(qconf -sql 2>/dev/null | head -1)\"; qconf -sc 2>/dev/null | grep -qw gpu && echo @@gpus yes; true";
            case "pbs" ->
                "qstat -Bf 2>/dev/null | grep -qi 'job_history_enable = True' && echo @@acct yes; "
                        + "echo \"@@queue $(qstat -Bf 2>/dev/null | sed -n 's/^ *default_queue = //p' | head -1)\"; "
                        + "pbsnodes -a 2>/dev/null | grep -q 'resources_available.ngpus = [1-9]' && echo @@gpus yes; true";
            case "pjm" ->
                "pjstat -H >/dev/null 2>&1 && echo @@acct yes; echo \"@@queue $(pjstat --rsc 2>/dev/null | sed -n '3p' | awk '{print $1}')\"; "
                        + "pjstat --rsc 2>/dev/null | grep -qi gpu && echo @@gpus yes; true";
            default -> "echo @@acct no; echo @@queue; true";
        };
    }

    public static Capabilities probe(Cluster cluster, Duration timeout) throws IOException, InterruptedException {
        String scheduler = cluster.scheduler().name();
        List<String> notes = new ArrayList<>();
        JobId id = cluster.submit(JobSpec.builder()
                .name("hpc-probe")
                .array(JobSpec.ArraySpec.parse("1-2"))
                .script("echo probe task $HPC_ARRAY_TASK_ID on $(hostname)")
                .build());
        Map<JobId, JobStatus> end = cluster.await(List.of(id), timeout, s -> {});
        JobStatus job = end.get(id);
        long tasksDone = end.entrySet().stream()
                .filter(e -> e.getKey().arrayIndex().isPresent() && e.getValue().state() == JobState.COMPLETED)
                .count();
        notes.add("tiny job " + id + ": " + job.state() + (job.reason().isEmpty() ? "" : " (" + job.reason() + ")")
                + ", answered by " + job.source());
        String out = cluster.transport()
                .execIdempotent(query(scheduler), Duration.ofSeconds(30))
                .stdout();
        boolean acct = out.contains("@@acct yes") || job.source() == JobStatus.Source.ACCOUNTING;
        String queue = out.lines()
                .filter(l -> l.startsWith("@@queue"))
                .map(l -> l.substring(7).strip())
                .findFirst()
                .orElse("");
        if (scheduler.equals("local")) {
            notes.add("the local executor keeps no accounting; its exit files are the record");
        }
        return new Capabilities(scheduler, job.state(), tasksDone == 2, acct, out.contains("@@gpus yes"), queue, notes);
    }
}
