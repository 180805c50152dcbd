package org.hpckernel.cluster.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hpckernel.cluster.ExecResult;
import org.hpckernel.cluster.JobDirectory;
import org.hpckernel.cluster.JobId;
import org.hpckernel.cluster.JobScript;
import org.hpckernel.cluster.JobSpec;
import org.hpckernel.cluster.JobState;
import org.hpckernel.cluster.JobStatus;
import org.hpckernel.cluster.Partition;
import org.hpckernel.cluster.QueuedJob;
import org.hpckernel.cluster.Scheduler;
import org.hpckernel.cluster.Shell;
import org.hpckernel.cluster.SubmitFailed;
import org.hpckernel.cluster.Transport;

/**
 * Runs jobs on this machine the way a cluster would: numbered ids, PENDING/RUNNING/COMPLETED...,
 * logs, arrays with a throttle, afterok/afterany dependencies, time limits, cancel and chained runs. Each job is a
 * detached runner process ({@code setsid}), and its state lives in its job directory, so jobs go on
 * and stay known across kernel restarts.
 */
public final class LocalScheduler implements Scheduler {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(LocalScheduler.class);

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    /** The runner: waits for dependencies, runs the tasks (throttled), records how they ended. */
    static final String RUNNER = """
            #!/bin/bash
            # hpc-kernel local executor: runs job.sh like a batch system would.
            dir=$1 first=$2 last=$3 step=$4 max=$5 limit=$6 deps=$7
            cd "$dir" || exit 1
            echo PENDING > state
            for dep in $deps; do
              kind=${dep%%:*} parent=${dep#*:}
              while [ ! -e "$parent/done" ]; do sleep 0.2; done
              if [ "$kind" = afterok ] && [ "$(cat "$parent/done")" != 0 ]; then
                echo DependencyNeverSatisfied > reason; echo CANCELLED > state; echo 1 > done; exit 0
              fi
            done
            echo RUNNING > state
            run_task() {  # run_task INDEX-or-empty: the task in its own process group, with a watchdog for --time
              local sfx=${1:+.$1} out err pid watchdog=""
              out=$(cat out.pattern); err=$(cat err.pattern)
              if [ -n "$1" ]; then export HPC_ARRAY_TASK_ID=$1; out=${out//%a/$1}; err=${err//%a/$1}; else unset HPC_ARRAY_TASK_ID; fi
              mkdir -p "$(dirname "$out")" "$(dirname "$err")"
              if [ "$out" = "$err" ]; then setsid bash job.sh > "$out" 2>&1 < /dev/null & else setsid bash job.sh > "$out" 2> "$err" < /dev/null & fi
              pid=$!
              echo "$pid" > "task$sfx.pid"
              if [ "$limit" -gt 0 ]; then
                ( sleep "$limit"; if kill -0 "$pid" 2>/dev/null; then touch "timeout$sfx"; kill -TERM -- "-$pid"; sleep 5; kill -KILL -- "-$pid"; fi ) 2>/dev/null &
                watchdog=$!
              fi
              wait "$pid"
              [ -n "$watchdog" ] && kill "$watchdog" 2>/dev/null
              return 0
            }
            if [ "$first" = - ]; then
              run_task ""
            else
              for ((i = first; i <= last; i += step)); do
                while [ "$(jobs -rp | wc -l)" -ge "$max" ]; do wait -n; done
                # a chain's link stopped the chain (chain.log): no later link starts, as a batch system's cancel would do
                grep -qs '^[0-9]* stop ' chain.log && break
                run_task "$i" &
              done
              wait
            fi
            rc=0
            [ -n "$(ls exit exit.* 2>/dev/null)" ] || rc=1
            for f in exit exit.*; do [ -f "$f" ] && ! grep -q '"exit_code":0,' "$f" && rc=1; done
            ls timeout* >/dev/null 2>&1 && rc=1
            echo $rc > done
            """;

    private final Transport transport;
    private final String workRoot;

    public LocalScheduler(Transport transport, String workRoot) {
        this.transport = transport;
        this.workRoot = workRoot;
    }

    @Override
    public String name() {
        return "local";
    }

    @Override
    public String render(JobSpec spec, JobDirectory dir) {
        List<String> notes = new ArrayList<>();
        notes.add("#LOCAL --job-name=" + spec.name().replace("\n", " "));
        spec.resources().timeLimit().ifPresent(t -> notes.add("#LOCAL --time=" + t.toSeconds() + "s"));
        spec.array().ifPresent(a -> notes.add("#LOCAL --array=" + a));
        // a pasted #SBATCH (or #PBS...) script reads its scheduler's variables: the local executor gives them too
        StringBuilder emulated = new StringBuilder();
        org.hpckernel.cluster.ScriptDirectives.read(spec.script())
                .writtenFor(null)
                .forEach(s -> emulated.append(s.emulatedEnvironment()));
        return JobScript.render(spec, dir, notes, emulated.toString());
    }

    /**
     * A cell run attached on this machine: the job script as a child process, its output read as
     * it comes, {@code --time} enforced by {@code timeout}; an interrupt ends the process and all it
     * started (the transport does). Other resources mean nothing on one machine and are ignored, as
     * for a submitted job.
     */
    @Override
    public int run(
            JobSpec spec,
            JobDirectory dir,
            Map<String, String> secrets,
            java.util.function.Consumer<String> out,
            java.util.function.Consumer<String> err)
            throws IOException, InterruptedException {
        if (spec.array().isPresent() || !spec.dependencies().isEmpty()) {
            throw new org.hpckernel.HpcException(
                    "An attached run is one job that starts now: use %%hpc submit for --array and --after.");
        }
        if (!secrets.isEmpty()) {
            transport.write(
                    dir.path() + "/" + org.hpckernel.cluster.Secrets.FILE_NAME,
                    org.hpckernel.cluster.Secrets.fileContent(secrets).getBytes(StandardCharsets.UTF_8),
                    0600);
        }
        transport.write(dir.userScript(), JobScript.userScript(spec).getBytes(StandardCharsets.UTF_8), 0755);
        transport.write(dir.script(), render(spec, dir).getBytes(StandardCharsets.UTF_8), 0755);
        String limit = spec.resources()
                .timeLimit()
                .map(t -> "timeout -k 5 " + t.toSeconds() + " ")
                .orElse("");
        return transport.stream(
                "cd " + Shell.quote(dir.path()) + " && exec " + limit + "bash " + Shell.quote(dir.script()), out, err);
    }

    @Override
    public Submission submit(JobSpec spec, JobDirectory dir) throws IOException {
        transport.write(dir.userScript(), JobScript.userScript(spec).getBytes(StandardCharsets.UTF_8), 0755);
        transport.write(dir.script(), render(spec, dir).getBytes(StandardCharsets.UTF_8), 0755);
        transport.write(dir.path() + "/runner.sh", RUNNER.getBytes(StandardCharsets.UTF_8), 0755);
        String out = spec.stdout().orElse(dir.logs() + "/%x-" + (spec.array().isPresent() ? "%A_%a" : "%j") + ".out");
        // stderr joins stdout when only stdout is named, as on Slurm
        String err = spec.stderr()
                .orElse(
                        spec.stdout().isPresent()
                                ? out
                                : dir.logs() + "/%x-" + (spec.array().isPresent() ? "%A_%a" : "%j") + ".err");
        List<String> deps = new ArrayList<>();
        for (JobSpec.Dependency d : spec.dependencies()) {
            deps.add((d.kind() == JobSpec.Dependency.Kind.AFTER_OK ? "afterok:" : "afterany:") + directoryOf(d.job()));
        }
        String receipt = Shell.quote(dir.receipt());
        String ids = Shell.quote(workRoot + "/local-ids");
        StringBuilder c = new StringBuilder();
        c.append("cd ")
                .append(Shell.quote(dir.path()))
                .append(" && mkdir -p logs && if [ -s ")
                .append(receipt)
                .append(" ]; then cat ")
                .append(receipt)
                .append("; else id=$(flock ")
                .append(ids)
                .append(".lock bash -c 'n=$(( $(cat ")
                .append(ids)
                .append(" 2>/dev/null || echo 0) + 1 )); echo $n > ")
                .append(ids)
                .append("; echo $n')")
                .append(" && printf %s ")
                .append(Shell.quote(out))
                .append(" | sed \"s/%x/")
                .append(sedSafe(spec.name()))
                .append("/g; s/%j/$id/g; s/%A/$id/g\" > out.pattern")
                .append(" && printf %s ")
                .append(Shell.quote(err))
                .append(" | sed \"s/%x/")
                .append(sedSafe(spec.name()))
                .append("/g; s/%j/$id/g; s/%A/$id/g\" > err.pattern")
                .append(" && echo $id > ")
                .append(receipt)
                .append(" && (setsid nohup ./runner.sh ")
                .append(Shell.quote(dir.path()))
                .append(' ');
        if (spec.array().isPresent()) {
            JobSpec.ArraySpec a = spec.array().get();
            c.append(a.first())
                    .append(' ')
                    .append(a.last())
                    .append(' ')
                    .append(a.step())
                    .append(' ')
                    .append(a.throttle().orElse(Integer.MAX_VALUE / 2));
        } else {
            c.append("- - - -");
        }
        c.append(' ')
                .append(spec.resources().timeLimit().map(Duration::toSeconds).orElse(0L))
                .append(' ')
                .append(Shell.quote(String.join(" ", deps)))
                .append(" > runner.log 2>&1 < /dev/null & echo $! > runner.pid) && cat ")
                .append(receipt)
                .append("; fi");
        ExecResult r = transport.execIdempotent(c.toString(), TIMEOUT);
        if (!r.ok()) {
            throw new SubmitFailed("The local executor", r.stderr(), "");
        }
        return new Submission(JobId.of(r.stdout().strip()), "");
    }

    private static String sedSafe(String s) {
        return s.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    /** Job directories are found by id through their receipts under the work root. */
    private String directoryOf(JobId id) throws IOException {
        ExecResult r = transport.exec(
                "grep -lx " + Shell.quote(id.arrayParent().value()) + " " + Shell.quote(workRoot)
                        + "/jobs/*/jobid 2>/dev/null | head -1",
                TIMEOUT);
        String receipt = r.stdout().strip();
        if (receipt.isEmpty()) {
            throw new SubmitFailed("The local executor", "no local job " + id.value(), "Check the id with %hpc jobs.");
        }
        return receipt.substring(0, receipt.length() - "/jobid".length());
    }

    @Override
    public Map<JobId, JobStatus> poll(Map<JobId, JobDirectory> jobs) throws IOException {
        StringBuilder c = new StringBuilder("for d in");
        for (JobDirectory dir : jobs.values()) {
            c.append(' ').append(Shell.quote(dir.path()));
        }
        c.append(
                "; do echo \"@@job $d\"; (cd \"$d\" 2>/dev/null && for f in state reason done cancelled timeout timeout.* exit exit.*; do [ -f \"$f\" ] && printf '%s %s\\n' \"$f\" \"$(cat \"$f\")\"; done);"
                        + " pid=$(cat \"$d/runner.pid\" 2>/dev/null); [ -n \"$pid\" ] && kill -0 \"$pid\" 2>/dev/null && echo alive; done; true");
        ExecResult r = transport.execIdempotent(c.toString(), TIMEOUT);
        Map<String, Map<String, String>> files = new LinkedHashMap<>();
        Map<String, String> current = null;
        for (String line : r.stdout().split("\n")) {
            if (line.startsWith("@@job ")) {
                current = new LinkedHashMap<>();
                files.put(line.substring(6), current);
            } else if (current != null && !line.isBlank()) {
                int space = line.indexOf(' ');
                current.put(space < 0 ? line : line.substring(0, space), space < 0 ? "" : line.substring(space + 1));
            }
        }
        Map<JobId, JobStatus> result = new LinkedHashMap<>();
        for (Map.Entry<JobId, JobDirectory> job : jobs.entrySet()) {
            Map<String, String> f = files.getOrDefault(job.getValue().path(), Map.of());
            JobId id = job.getKey();
            if (id.arrayIndex().isPresent()) {
                result.put(id, taskStatus(id, id.arrayIndex().get(), f));
                continue;
            }
            result.put(id, jobStatus(id, f));
            for (String name : f.keySet()) {
                if (name.matches("(exit|timeout)\\.\\d+")) {
                    int index = Integer.parseInt(name.substring(name.indexOf('.') + 1));
                    result.putIfAbsent(
                            JobId.of(id.value() + "_" + index),
                            taskStatus(JobId.of(id.value() + "_" + index), index, f));
                }
            }
        }
        return result;
    }

    private static JobStatus jobStatus(JobId id, Map<String, String> f) {
        String reason = f.getOrDefault("reason", "");
        if (f.containsKey("cancelled")) {
            return status(id, JobState.CANCELLED, Optional.empty(), "cancelled", JobStatus.Source.EXIT_FILE);
        }
        if (f.containsKey("done")) {
            if ("CANCELLED".equals(f.get("state"))) {
                return status(id, JobState.CANCELLED, Optional.empty(), reason, JobStatus.Source.EXIT_FILE);
            }
            if (f.containsKey("timeout") || f.keySet().stream().anyMatch(k -> k.startsWith("timeout."))) {
                return status(id, JobState.TIMEOUT, Optional.empty(), "TimeLimit", JobStatus.Source.EXIT_FILE);
            }
            if (f.containsKey("exit")) {
                return exitStatus(id, f.get("exit"));
            }
            return status(
                    id,
                    "0".equals(f.get("done")) ? JobState.COMPLETED : JobState.FAILED,
                    Optional.empty(),
                    f.keySet().stream().filter(k -> k.startsWith("exit.")).count() + " tasks",
                    JobStatus.Source.EXIT_FILE);
        }
        if (f.containsKey("alive")) {
            JobState state = "PENDING".equals(f.get("state")) ? JobState.PENDING : JobState.RUNNING;
            return status(
                    id, state, Optional.empty(), state == JobState.PENDING ? "Dependency" : "", JobStatus.Source.QUEUE);
        }
        if (f.isEmpty()) {
            return JobStatus.unknown(id, "its job directory is gone");
        }
        return JobStatus.unknown(id, "its runner is gone and it left no exit file (was the machine restarted?)");
    }

    private static JobStatus taskStatus(JobId id, int index, Map<String, String> f) {
        if (f.containsKey("timeout." + index)) {
            return status(id, JobState.TIMEOUT, Optional.empty(), "TimeLimit", JobStatus.Source.EXIT_FILE);
        }
        String exit = f.get("exit." + index);
        if (exit != null) {
            return exitStatus(id, exit);
        }
        if (f.containsKey("cancelled") || "CANCELLED".equals(f.get("state"))) {
            return status(
                    id, JobState.CANCELLED, Optional.empty(), f.getOrDefault("reason", ""), JobStatus.Source.EXIT_FILE);
        }
        if (f.containsKey("alive")) {
            return status(id, JobState.PENDING, Optional.empty(), "", JobStatus.Source.QUEUE);
        }
        return JobStatus.unknown(id, "no exit file for task " + index);
    }

    private static JobStatus exitStatus(JobId id, String json) {
        int code = intField(json, "exit_code");
        int signal = intField(json, "signal");
        JobState state = code == 0 ? JobState.COMPLETED : signal != 0 ? JobState.CANCELLED : JobState.FAILED;
        return new JobStatus(
                id,
                state,
                Optional.of(code),
                Optional.of(signal),
                code == 0 ? "" : "NonZeroExitCode",
                JobStatus.Source.EXIT_FILE);
    }

    private static int intField(String json, String name) {
        java.util.regex.Matcher m =
                java.util.regex.Pattern.compile("\"" + name + "\":(-?\\d+)").matcher(json);
        return m.find() ? Integer.parseInt(m.group(1)) : -1;
    }

    private static JobStatus status(
            JobId id, JobState state, Optional<Integer> code, String reason, JobStatus.Source source) {
        return new JobStatus(id, state, code, Optional.empty(), reason, source);
    }

    /** Elapsed and limit from the exit files, in one call; CPU and memory are not measured here. */
    @Override
    public List<org.hpckernel.cluster.usage.JobUsage> usage(Collection<JobId> ids) throws IOException {
        return ids.isEmpty()
                ? List.of()
                : LocalUsage.parse(transport
                        .execIdempotent(LocalUsage.command(workRoot, ids), TIMEOUT)
                        .stdout());
    }

    /**
     * The local executor's own unfinished jobs, from their directories under the work root (one
     * call): there is no other user and no planner, so {@code all} changes nothing and no start is
     * estimated; a pending job waits for its dependencies. Its one partition is {@code local}.
     */
    @Override
    public Optional<List<QueuedJob>> queue(boolean all, Optional<String> partition) throws IOException {
        if (partition.isPresent() && !"local".equals(partition.get())) {
            throw new IllegalArgumentException("The local profile has one partition, 'local': leave --partition out.");
        }
        ExecResult r = transport.execIdempotent(
                "me=$(id -un); for d in " + Shell.quote(workRoot) + "/jobs/*/; do "
                        + "[ -s \"$d/jobid\" ] && [ ! -e \"$d/done\" ] && pid=$(cat \"$d/runner.pid\" 2>/dev/null) && kill -0 \"$pid\" 2>/dev/null "
                        + "&& printf '%s|%s|%s|%s|%s\\n' \"$(cat \"$d/jobid\")\" \"$(cat \"$d/state\" 2>/dev/null)\" "
                        + "\"$(date -r \"$d/state\" +%Y-%m-%dT%H:%M:%S 2>/dev/null)\" \"$me\" \"$(sed -n 's/^#LOCAL --job-name=//p' \"$d/job.sh\" | head -1)\"; "
                        + "done; true",
                TIMEOUT);
        List<QueuedJob> jobs = new ArrayList<>();
        for (String line : r.stdout().split("\n")) {
            String[] f = line.split("\\|", 5);
            if (f.length < 5 || f[0].isBlank()) {
                continue;
            }
            boolean running = "RUNNING".equals(f[1].strip());
            Optional<java.time.LocalDateTime> since = Optional.empty();
            try {
                since = running ? Optional.of(java.time.LocalDateTime.parse(f[2].strip())) : Optional.empty();
            } catch (java.time.format.DateTimeParseException unknown) {
                // the state file's time is shown only when it can be read
                LOG.debug("local job {}: unreadable start time '{}'", f[0].strip(), f[2].strip());
            }
            jobs.add(new QueuedJob(
                    f[0].strip(),
                    f[4].strip(),
                    f[3].strip(),
                    "local",
                    running ? JobState.RUNNING : JobState.PENDING,
                    f[1].strip(),
                    running ? "" : "Dependency",
                    since,
                    "",
                    Optional.empty(),
                    1,
                    0));
        }
        jobs.sort(java.util.Comparator.comparingLong(j -> j.id().matches("\\d{1,18}") ? Long.parseLong(j.id()) : 0));
        return Optional.of(jobs);
    }

    /** This machine as the one partition, {@code local}: its CPUs and memory, no limits. */
    @Override
    public Optional<List<Partition>> partitions() throws IOException {
        ExecResult r =
                transport.execIdempotent("nproc; awk '/^MemTotal:/ {print int($2/1024)}' /proc/meminfo", TIMEOUT);
        String[] lines = r.stdout().strip().split("\n");
        String cpus = lines.length > 0 ? lines[0].strip() : "";
        String memory = lines.length > 1 ? lines[1].strip() + "M (this machine)" : "";
        return Optional.of(List.of(new Partition(
                "local",
                true,
                true,
                Optional.empty(),
                memory,
                "",
                cpus,
                Optional.of(new Partition.Nodes(1, 0, 0, 1)),
                "the local executor: jobs run on this machine, with no scheduler limits")));
    }

    @Override
    public void cancel(Collection<JobId> ids) throws IOException {
        for (JobId id : ids) {
            String dir = directoryOf(id);
            // the runner first (no new tasks start), then each task's process group
            transport.exec(
                    "cd " + Shell.quote(dir)
                            + " && [ ! -e done ] && touch cancelled && kill -TERM -- -$(cat runner.pid) 2>/dev/null;"
                            + " for p in task*.pid; do [ -f \"$p\" ] && kill -TERM -- -$(cat \"$p\") 2>/dev/null; done; true",
                    TIMEOUT);
        }
    }

    @Override
    public LogChunk logs(JobId id, JobDirectory dir, boolean stderr, long offset) throws IOException {
        return LogChunk.decode(transport.read(logFile(id, dir, stderr), offset, LOG_CHUNK_BYTES), offset);
    }

    @Override
    public String logFile(JobId id, JobDirectory dir, boolean stderr) throws IOException {
        String pattern = new String(
                        transport.read(dir.path() + (stderr ? "/err.pattern" : "/out.pattern"), 0, 4096),
                        StandardCharsets.UTF_8)
                .strip();
        if (pattern.isEmpty()) {
            throw new IOException("no log pattern in " + dir.path());
        }
        // the runner filled in %x, %j and %A at submit; the task's %a (and %%) are Slurm's
        String path = org.hpckernel.cluster.SlurmFilenamePattern.expand(pattern, "job", id, "", Optional.empty());
        return path.startsWith("/") ? path : dir.path() + "/" + path;
    }
}
