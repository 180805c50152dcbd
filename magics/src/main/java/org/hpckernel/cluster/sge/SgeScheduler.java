package org.hpckernel.cluster.sge;

import org.hpckernel.cluster.BatchScripts;
import org.hpckernel.cluster.ExecResult;
import org.hpckernel.cluster.ExitFiles;
import org.hpckernel.cluster.JobDirectory;
import org.hpckernel.cluster.JobId;
import org.hpckernel.cluster.JobScript;
import org.hpckernel.cluster.JobSpec;
import org.hpckernel.cluster.JobStatus;
import org.hpckernel.cluster.Scheduler;
import org.hpckernel.cluster.Shell;
import org.hpckernel.cluster.SubmitFailed;
import org.hpckernel.cluster.Transport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * (Son of) Grid Engine: {@code qsub -terse}, {@code qstat -xml} while a job lives, {@code qacct -j}
 * after it left the queue, the exit files for what neither knows yet, all in one remote call;
 * {@code qdel}. Array tasks are {@code 123_4} like Slurm's. Grid Engine numbers tasks from 1, so
 * task index {@code i} runs as Grid Engine task {@code i + 1} (an array {@code 0-9} is {@code -t 1-10}).
 */
public final class SgeScheduler implements Scheduler {

    static final Duration TIMEOUT = Duration.ofSeconds(60);
    /** The parallel environment {@code -pe NAME N} asks for when a job wants more than one slot. */
    static final String DEFAULT_PE = "smp";

    private final Transport transport;
    private final String parallelEnvironment;

    public SgeScheduler(Transport transport) {
        this(transport, DEFAULT_PE);
    }

    public SgeScheduler(Transport transport, String parallelEnvironment) {
        this.transport = transport;
        this.parallelEnvironment = parallelEnvironment;
    }

    @Override
    public String name() {
        return "sge";
    }

    @Override
    public String render(JobSpec spec, JobDirectory dir) {
        List<String> d = new ArrayList<>();
        d.add("#$ -N " + BatchScripts.safeName(spec.name()));
        d.add("#$ -S /bin/bash");
        String wd = BatchScripts.pathValue(dir.path());
        d.add("#$ -wd " + wd);
        String task = spec.array().isPresent() ? ".$TASK_ID" : "";
        d.add("#$ -o " + spec.stdout().map(o -> BatchScripts.plainValue("--output", pattern(o))).orElse(BatchScripts.pathValue(dir.logs() + "/$JOB_NAME.o$JOB_ID" + task)));
        d.add("#$ -e " + spec.stderr().map(o -> BatchScripts.plainValue("--error", pattern(o))).orElse(BatchScripts.pathValue(dir.logs() + "/$JOB_NAME.e$JOB_ID" + task)));
        JobSpec.Resources r = spec.resources();
        int slots = r.tasks().orElse(1) * r.cpusPerTask().orElse(1) * r.nodes().orElse(1);
        if (slots > 1) {
            d.add("#$ -pe " + parallelEnvironment + " " + slots);
        }
        r.timeLimit().ifPresent(t -> d.add("#$ -l h_rt=" + BatchScripts.hms(t)));
        r.memory().ifPresent(m -> d.add("#$ -l h_vmem=" + BatchScripts.plainValue("--mem", m)));
        // GPUs are a site-defined consumable in Grid Engine; "gpu" is the usual name
        r.gpus().ifPresent(g -> d.add("#$ -l gpu=" + g.count()));
        spec.partition().ifPresent(q -> d.add("#$ -q " + BatchScripts.plainValue("--partition (queue)", q)));
        spec.account().ifPresent(a -> d.add("#$ -A " + BatchScripts.plainValue("--account", a)));
        spec.array().ifPresent(a -> {
            d.add("#$ -t " + (a.first() + 1) + "-" + (a.last() + 1) + (a.step() > 1 ? ":" + a.step() : ""));
            a.throttle().ifPresent(k -> d.add("#$ -tc " + k));
        });
        if (!spec.dependencies().isEmpty()) {
            // Grid Engine's hold_jid waits for the end of the job, whatever its exit (afterany)
            d.add("#$ -hold_jid " + spec.dependencies().stream().map(x -> x.job().arrayParent().value()).distinct()
                    .collect(Collectors.joining(",")));
        }
        String script = JobScript.render(spec, dir, d, "#$");
        // Grid Engine's task ids start at 1 (and read "undefined" outside arrays): the job sees the index it asked for
        return script.replaceFirst("(?m)^(HPC_ARRAY_TASK_ID=\".*\"\n)",
                "$1if [ \"\\${SGE_TASK_ID:-undefined}\" = undefined ]; then HPC_ARRAY_TASK_ID=; else HPC_ARRAY_TASK_ID=\\$((SGE_TASK_ID - 1)); fi\n");
    }

    /** Slurm-style {@code %x %j %A %a} in a user's output pattern, in Grid Engine's pseudo variables. */
    static String pattern(String p) {
        return p.replace("%x", "$JOB_NAME").replace("%j", "$JOB_ID").replace("%A", "$JOB_ID").replace("%a", "$TASK_ID");
    }

    @Override
    public JobId submit(JobSpec spec, JobDirectory dir) throws IOException {
        String script = render(spec, dir);
        transport.write(dir.userScript(), JobScript.userScript(spec).getBytes(StandardCharsets.UTF_8), 0755);
        transport.write(dir.script(), script.getBytes(StandardCharsets.UTF_8), 0755);
        List<String> folders = new ArrayList<>(List.of(dir.logs()));
        spec.workingDirectory().ifPresent(folders::add);
        for (String pattern : new String[] {spec.stdout().orElse(""), spec.stderr().orElse("")}) {
            // Grid Engine fails a job whose output folder is missing (failed 26); relative ones start at -wd, the job directory
            String folder = org.hpckernel.cluster.LogPaths.folder(pattern);
            if (!folder.isEmpty()) {
                folders.add(folder.startsWith("/") || folder.startsWith("~") ? folder : dir.path() + "/" + folder);
            }
        }
        String receipt = Shell.quote(dir.receipt());
        // the receipt makes a retried submit read the first id instead of submitting again
        String command = "mkdir -p " + folders.stream().map(BatchScripts::quotePath).collect(Collectors.joining(" "))
                + " && cd " + Shell.quote(dir.path()) + " && if [ -s " + receipt + " ]; then cat " + receipt
                + "; else qsub -terse " + Shell.quote(dir.script()) + " > " + receipt + ".tmp && mv " + receipt + ".tmp " + receipt
                + " && cat " + receipt + "; fi";
        ExecResult r = transport.execIdempotent(command, TIMEOUT);
        if (!r.ok()) {
            throw new SubmitFailed("Grid Engine (qsub)", r.stderr().isBlank() ? r.stdout() : r.stderr(), adviceFor(r.stderr()));
        }
        return parseSubmitted(r.stdout());
    }

    /** {@code 123} for a job, {@code 123.1-4:1} for an array: the job number is the id. */
    static JobId parseSubmitted(String terse) {
        String first = terse.strip().split("\n")[0].strip();
        String number = first.contains(".") ? first.substring(0, first.indexOf('.')) : first;
        if (!number.matches("\\d+")) {
            throw new SubmitFailed("Grid Engine (qsub)", "unexpected answer '" + terse.strip() + "'", "");
        }
        return JobId.of(number);
    }

    private static String adviceFor(String stderr) {
        String s = stderr.toLowerCase(java.util.Locale.ROOT);
        if (s.contains("queue") && (s.contains("does not exist") || s.contains("unknown"))) {
            return "Check the queue name: `qconf -sql` on the cluster lists them; set --partition.";
        }
        if (s.contains("parallel environment") || s.contains("-pe")) {
            return "This cluster has no parallel environment '" + DEFAULT_PE + "': `qconf -spl` lists them; ask for one CPU or set the profile's pe.";
        }
        if (s.contains("min_uid") || s.contains("permission")) {
            return "Grid Engine refuses this user (root and system users cannot submit): use your own account.";
        }
        if (s.contains("unknown resource") || s.contains("h_vmem") || s.contains("gpu")) {
            return "A resource (memory, GPUs) is not defined on this cluster: `qconf -sc` lists them.";
        }
        return "Check the options; `%%hpc submit --dry-run` shows the script that was sent.";
    }

    @Override
    public Map<JobId, JobStatus> poll(Map<JobId, JobDirectory> jobs) throws IOException {
        return jobs.isEmpty() ? new LinkedHashMap<>() : org.hpckernel.cluster.StatusCall.run(transport, pollCommand(jobs), TIMEOUT, jobs, SgeStatusParser::parse);
    }

    /** qstat for all my live jobs; qacct only for the jobs qstat no longer shows; then the exit files. */
    static String pollCommand(Map<JobId, JobDirectory> jobs) {
        String numbers = jobs.keySet().stream().map(SgeScheduler::jobNumber).distinct().collect(Collectors.joining(" "));
        return "_q=$(qstat -xml -g d -u \"$(id -un)\" 2>&1); _rc=$?; printf '%s\\n' \"$_q\"; echo \"@@qstat $_rc\"; "
                + "for j in " + numbers + "; do case \"$_q\" in *\"<JB_job_number>$j</JB_job_number>\"*) ;; "
                + "*) echo \"@@qacct $j\"; qacct -j \"$j\" 2>&1; echo \"@@qacct-rc $?\";; esac; done; "
                + ExitFiles.shellFragment(jobs.values());
    }

    /** The Grid Engine job number of {@code 123} or of task {@code 123_4}; only digits reach the shell. */
    static String jobNumber(JobId id) {
        String n = id.arrayParent().value();
        if (!n.matches("\\d+")) {
            throw new IllegalArgumentException("'" + id + "' is not a Grid Engine job id (a number, or NUMBER_TASK)");
        }
        return n;
    }

    @Override
    public void cancel(Collection<JobId> ids) throws IOException {
        if (ids.isEmpty()) {
            return;
        }
        BatchScripts.runCancel(transport, cancelCommand(ids), TIMEOUT);
    }

    static String cancelCommand(Collection<JobId> ids) {
        List<String> parts = new ArrayList<>();
        List<String> whole = ids.stream().filter(i -> i.arrayIndex().isEmpty()).map(SgeScheduler::jobNumber).toList();
        if (!whole.isEmpty()) {
            parts.add("qdel " + String.join(" ", whole));
        }
        for (JobId task : ids) {
            task.arrayIndex().ifPresent(i -> parts.add("qdel " + jobNumber(task) + " -t " + (i + 1)));
        }
        return String.join(" && ", parts);
    }

    @Override
    public LogChunk logs(JobId id, JobDirectory dir, boolean stderr, long offset) throws IOException {
        String script = new String(transport.read(dir.script(), 0, 1 << 20), StandardCharsets.UTF_8);
        String pattern = BatchScripts.directive(script, "#$", stderr ? "-e" : "-o")
                .orElseThrow(() -> new IOException("no job script in " + dir.path() + ": was it submitted from this profile?"));
        String name = BatchScripts.directive(script, "#$", "-N").orElse("job");
        String path = logPath(pattern, name, id);
        if (!path.startsWith("/") && !path.startsWith("~")) {
            path = dir.path() + "/" + path;
        }
        if (path.startsWith("~/")) {
            path = transport.home() + path.substring(1);
        }
        return LogChunk.decode(transport.read(path, offset, LOG_CHUNK_BYTES), offset);
    }

    static String logPath(String pattern, String name, JobId id) {
        Optional<Integer> index = id.arrayIndex();
        return pattern.replace("$JOB_NAME", name).replace("$JOB_ID", jobNumber(id))
                .replace("$TASK_ID", index.map(i -> String.valueOf(i + 1)).orElse("undefined"));
    }
}
