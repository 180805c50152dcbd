package org.hpckernel.cluster.sge;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.hpckernel.cluster.BatchScripts;
import org.hpckernel.cluster.BatchSystem;
import org.hpckernel.cluster.Directive;
import org.hpckernel.cluster.JobDirectory;
import org.hpckernel.cluster.JobFields;
import org.hpckernel.cluster.JobId;
import org.hpckernel.cluster.JobSpec;
import org.hpckernel.cluster.JobStatus;
import org.hpckernel.cluster.Shell;
import org.hpckernel.cluster.TimeLimits;

/**
 * (Son of) Grid Engine's hooks: {@code #$} directives, {@code qsub -terse}, {@code qstat -xml} while
 * a job lives and {@code qacct -j} after, {@code qdel}. Task ids in hpc-kernel are Grid Engine's
 * {@code SGE_TASK_ID - 1} (Grid Engine counts from 1): an array {@code 0-9} asked of the magic runs
 * as {@code -t 1-10}; a script's own {@code #$ -t 1-10} line is kept as written (its tasks are
 * {@code _0} to {@code _9} here, and see {@code SGE_TASK_ID} 1 to 10).
 */
public final class SgeScheduler implements BatchSystem {

    /** The parallel environment {@code -pe NAME N} asks for when a job wants more than one slot. */
    static final String DEFAULT_PE = "smp";

    private static final Set<String> FLAGS = Set.of("-cwd", "-V", "-notify", "-now", "-terse", "-h", "-clear");

    @Override
    public String name() {
        return "sge";
    }

    @Override
    public String displayName() {
        return "Grid Engine (qsub)";
    }

    @Override
    public String directivePrefix() {
        return "#$";
    }

    /** qsub reads {@code #$} lines anywhere in the script (parse_job_cull.c), not only before the first command. */
    @Override
    public boolean directivesEndAtFirstCommand() {
        return false;
    }

    @Override
    public Set<String> twoValueOptions() {
        return Set.of("-pe");
    }

    @Override
    public Set<String> flagOptions() {
        return FLAGS;
    }

    @Override
    public Optional<String> read(Directive d, JobFields f) {
        String v = d.value().orElse("");
        switch (d.option()) {
            case "-N" -> f.name = v;
            case "-o" -> f.stdout = v;
            case "-e" -> f.stderr = v;
            case "-j" -> {
                f.joined = v.toLowerCase(Locale.ROOT).startsWith("y");
                return Optional.of("stderr into stdout");
            }
            case "-wd" -> f.workingDirectory = v;
            case "-q" -> f.partition = v;
            case "-A" -> f.account = v;
            case "-t" -> {
                if (!v.matches("\\d+(-\\d+)?(:\\d+)?")) {
                    return Optional.empty();
                }
                JobSpec.ArraySpec a = JobSpec.ArraySpec.parse(v);
                f.array = f.array != null && f.array.throttle().isPresent()
                        ? new JobSpec.ArraySpec(a.first(), a.last(), a.step(), f.array.throttle())
                        : a;
            }
            case "-tc" -> {
                int k = Integer.parseInt(v.strip());
                f.array = f.array == null
                        ? null
                        : new JobSpec.ArraySpec(f.array.first(), f.array.last(), f.array.step(), Optional.of(k));
                if (f.array == null) {
                    return Optional.empty();
                }
            }
            case "-hold_jid" -> {
                f.dependencies.clear();
                for (String id : v.split(",")) {
                    f.dependencies.add(new JobSpec.Dependency(JobSpec.Dependency.Kind.AFTER_ANY, JobId.of(id)));
                }
            }
            case "-l" -> {
                return resources(v, f);
            }
            case "-pe" -> {
                return parallelEnvironment(v, f);
            }
            default -> {
                return Optional.empty();
            }
        }
        return Optional.of(
                switch (d.option()) {
                    case "-N" -> "name";
                    case "-o" -> "output";
                    case "-e" -> "error";
                    case "-wd" -> "working folder";
                    case "-q" -> "queue";
                    case "-A" -> "account";
                    case "-t", "-tc" -> "array";
                    default -> "dependency (afterany)";
                });
    }

    /**
     * {@code -pe NAME N}: slots for MPI processes when the environment is an MPI one (mpi, orte,
     * mpich...), else CPUs of one process (smp, threads, shm). The line itself stays as written here.
     */
    private static Optional<String> parallelEnvironment(String name, JobFields f) {
        String[] w = name.split(" ");
        String slots = w.length > 1 ? w[1] : "";
        if (!slots.matches("\\d+")) {
            return Optional.empty(); // a range (2-8) has no one setting
        }
        int n = Integer.parseInt(slots);
        if (w[0].toLowerCase(Locale.ROOT).matches(".*(mpi|orte|mpich|ompi).*")) {
            f.tasks = n;
            return Optional.of("MPI processes");
        }
        f.cpusPerTask = n;
        return Optional.of("CPUs");
    }

    /** {@code -l h_rt=1:00:00,h_vmem=2G}: read only when every resource in it is one the job model holds. */
    private static Optional<String> resources(String list, JobFields f) {
        JobFields scratch = new JobFields();
        List<String> meant = new ArrayList<>();
        boolean whole = true;
        for (String item : list.split(",")) {
            int eq = item.indexOf('=');
            if (eq < 0) {
                whole = false;
                continue;
            }
            String k = item.substring(0, eq).strip();
            String val = item.substring(eq + 1).strip();
            switch (k) {
                case "h_rt", "s_rt" -> scratch.timeLimit = TimeLimits.parse(val.matches("\\d+") ? "0:0:" + val : val);
                case "h_vmem", "mem_free", "virtual_free", "mem" -> scratch.memory = val;
                case "gpu", "gpus", "ngpus" -> scratch.gpus = JobSpec.Gpus.parse(val);
                default -> whole = false;
            }
            meant.add(k);
        }
        if (scratch.timeLimit != null) {
            f.timeLimit = scratch.timeLimit;
        }
        if (scratch.memory != null) {
            f.memory = scratch.memory;
        }
        if (scratch.gpus != null) {
            f.gpus = scratch.gpus;
        }
        // a line with a resource the job model lacks (arch=, h_cpu=) is kept as written here, refused elsewhere
        return whole ? Optional.of(String.join(", ", meant)) : Optional.empty();
    }

    @Override
    public List<String> directives(JobSpec spec, JobDirectory dir, String token) {
        List<String> d = new ArrayList<>();
        d.add("#$ -N " + BatchScripts.safeName(spec.name()));
        d.add("#$ -S /bin/bash");
        d.add("#$ -wd " + BatchScripts.pathValue(spec.workingDirectory().orElse(dir.path())));
        String task = spec.array().isPresent() ? ".$TASK_ID" : "";
        d.add("#$ -o "
                + spec.stdout()
                        .map(o -> BatchScripts.plainValue("--output", pattern(o)))
                        .orElse(BatchScripts.pathValue(dir.logs() + "/$JOB_NAME.o$JOB_ID" + task)));
        if (spec.stdout().isPresent() && spec.stderr().isEmpty()) {
            d.add("#$ -j y");
        } else {
            d.add("#$ -e "
                    + spec.stderr()
                            .map(o -> BatchScripts.plainValue("--error", pattern(o)))
                            .orElse(BatchScripts.pathValue(dir.logs() + "/$JOB_NAME.e$JOB_ID" + task)));
        }
        JobSpec.Resources r = spec.resources();
        int slots = slots(r);
        if (slots > 1) {
            d.add("#$ -pe " + DEFAULT_PE + " " + slots);
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
        // the job's context carries the submission's token, so a qsub whose answer was lost is found in qstat
        d.add("#$ -ac hpck=" + token);
        if (!spec.dependencies().isEmpty()) {
            // Grid Engine's hold_jid waits for the end of the job, whatever its exit (afterany)
            d.add("#$ -hold_jid "
                    + spec.dependencies().stream()
                            .map(x -> jobNumber(x.job()))
                            .distinct()
                            .collect(Collectors.joining(",")));
        }
        return d;
    }

    /** Slots on one host: every task's CPUs (Grid Engine has no nodes apart from its parallel environments). */
    private static int slots(JobSpec.Resources r) {
        return r.tasks().orElse(r.tasksPerNode().orElse(1) * r.nodes().orElse(1))
                * r.cpusPerTask().orElse(1);
    }

    /**
     * {@code qrsh -now no} waits in the queue like a batch job, then runs the script with its output
     * on this channel. qrsh joins its command words and hands them to a shell on the execution host
     * (as rsh does), so the command is quoted once more for that shell.
     */
    @Override
    public Optional<String> interactiveCommand(JobSpec spec, String scriptPath, String token) {
        List<String> w = new ArrayList<>(List.of(
                "qrsh",
                "-now",
                "no",
                "-N",
                Shell.quote(BatchScripts.safeName(spec.name())),
                "-ac",
                Shell.quote("hpck=" + token)));
        JobSpec.Resources r = spec.resources();
        if (slots(r) > 1) {
            w.addAll(List.of("-pe", DEFAULT_PE, String.valueOf(slots(r))));
        }
        r.timeLimit().ifPresent(t -> w.addAll(List.of("-l", "h_rt=" + BatchScripts.hms(t))));
        r.memory().ifPresent(m -> w.addAll(List.of("-l", Shell.quote("h_vmem=" + m))));
        r.gpus().ifPresent(g -> w.addAll(List.of("-l", "gpu=" + g.count())));
        spec.partition().ifPresent(q -> w.addAll(List.of("-q", Shell.quote(q))));
        spec.account().ifPresent(a -> w.addAll(List.of("-A", Shell.quote(a))));
        String folder = scriptPath.contains("/") ? scriptPath.substring(0, scriptPath.lastIndexOf('/')) : ".";
        w.addAll(List.of("-wd", Shell.quote(folder), Shell.quote("bash " + Shell.quote(scriptPath))));
        return Optional.of(String.join(" ", w));
    }

    /** Grid Engine's task ids start at 1 (and read "undefined" outside arrays): jobs see SGE_TASK_ID - 1 as their index. */
    @Override
    public String scriptPreamble(JobSpec spec) {
        return "if [ \"${SGE_TASK_ID:-undefined}\" = undefined ]; then HPC_ARRAY_TASK_ID=; else HPC_ARRAY_TASK_ID=$((SGE_TASK_ID - 1)); fi\n";
    }

    /** Slurm-style {@code %x %j %A %a} in a user's output pattern, in Grid Engine's pseudo variables. */
    static String pattern(String p) {
        return p.replace("%x", "$JOB_NAME")
                .replace("%j", "$JOB_ID")
                .replace("%A", "$JOB_ID")
                .replace("%a", "$TASK_ID");
    }

    /** Elsewhere the array is as written, so SGE_TASK_ID is the task id the scheduler runs. */
    @Override
    public String emulatedEnvironment() {
        return "export JOB_ID=\"${JOB_ID:-$_hpc_job}\" JOB_NAME=\"${JOB_NAME:-$_hpc_name}\" SGE_O_WORKDIR=\"${SGE_O_WORKDIR:-$_hpc_submit}\" "
                + "NSLOTS=\"${NSLOTS:-${SLURM_NTASKS:-1}}\" SGE_TASK_ID=\"${SGE_TASK_ID:-${HPC_ARRAY_TASK_ID:-undefined}}\"\n";
    }

    /**
     * A chain is {@code -t 2-N+1 -tc 1} (link k is task k+1, see the class note): Grid Engine runs one
     * task at a time in order. qdel of the later task range from the execution host (it must be a
     * submit host, as it is wherever jobs submit jobs).
     */
    @Override
    public Optional<String> cancelLaterLinksCommand() {
        return Optional.of("qdel \"$JOB_ID\" -t \"$((SGE_TASK_ID + 1))-${SGE_TASK_LAST}\"");
    }

    @Override
    public String noRequeueLine() {
        return "#$ -r n";
    }

    @Override
    public String submitCommand(String scriptPath) {
        return "qsub -terse " + Shell.quote(scriptPath);
    }

    /** {@code 123} for a job, {@code 123.1-4:1} for an array: the job number is the id. */
    @Override
    public Optional<JobId> parseSubmitted(String terse) {
        String first = terse.strip().split("\n")[0].strip();
        String number = first.contains(".") ? first.substring(0, first.indexOf('.')) : first;
        return number.matches("\\d+") ? Optional.of(JobId.of(number)) : Optional.empty();
    }

    /** Each job's number and context (where {@code -ac hpck=TOKEN} is), from qstat's detail of every job. */
    @Override
    public Optional<String> lookupCommand() {
        return Optional.of(
                "out=$(qstat -j '*' 2>&1); rc=$?; printf '%s\\n' \"$out\" | grep -E '^(job_number|context):|^Following jobs do not exist'; "
                        + "echo \"@@qstat $rc\"");
    }

    /** qstat answered: with jobs (0), or with none ("Following jobs do not exist", 1); not when the qmaster did not. */
    @Override
    public boolean lookupAnswered(String output) {
        return output.contains("@@qstat 0")
                || (output.contains("@@qstat 1") && output.contains("Following jobs do not exist"));
    }

    @Override
    public Optional<JobId> parseLookup(String output, String token) {
        java.util.regex.Pattern mark = java.util.regex.Pattern.compile(
                "(^|[\\s,])hpck=" + java.util.regex.Pattern.quote(token) + "($|[\\s,])");
        String job = null;
        for (String line : output.split("\n")) {
            if (line.startsWith("job_number:")) {
                job = line.substring("job_number:".length()).strip();
            } else if (line.startsWith("context:")
                    && job != null
                    && mark.matcher(line.substring("context:".length())).find()) {
                return Optional.of(JobId.of(job));
            }
        }
        return Optional.empty();
    }

    @Override
    public String advice(String stderr) {
        String s = stderr.toLowerCase(Locale.ROOT);
        if (s.contains("queue") && (s.contains("does not exist") || s.contains("unknown"))) {
            return "Check the queue name: `qconf -sql` on the cluster lists them; set --partition.";
        }
        if (s.contains("parallel environment") || s.contains("-pe")) {
            return "This cluster has no parallel environment '" + DEFAULT_PE
                    + "': `qconf -spl` lists them; ask for one CPU or set the profile's pe.";
        }
        if (s.contains("min_uid") || s.contains("permission")) {
            return "Grid Engine refuses this user (root and system users cannot submit): use your own account.";
        }
        if (s.contains("unknown resource") || s.contains("h_vmem") || s.contains("gpu")) {
            return "A resource (memory, GPUs) is not defined on this cluster: `qconf -sc` lists them.";
        }
        if (s.contains("unable to contact") || s.contains("timed out") || s.contains("commlib")) {
            return "Grid Engine's qmaster is not answering; nothing was lost: `%hpc reconcile` looks for the job again later.";
        }
        return "`%%hpc submit --dry-run` shows the script that was sent; the message above is Grid Engine's own.";
    }

    /** qstat for all my live jobs; qacct only for the jobs qstat no longer shows (the exit files follow). */
    @Override
    public String pollCommand(Map<JobId, JobDirectory> jobs) {
        String numbers =
                jobs.keySet().stream().map(SgeScheduler::jobNumber).distinct().collect(Collectors.joining(" "));
        return "_q=$(qstat -xml -g d -u \"$(id -un)\" 2>&1); _rc=$?; printf '%s\\n' \"$_q\"; echo \"@@qstat $_rc\"; "
                + "for j in " + numbers + "; do case \"$_q\" in *\"<JB_job_number>$j</JB_job_number>\"*) ;; "
                + "*) echo \"@@qacct $j\"; qacct -j \"$j\" 2>&1; echo \"@@qacct-rc $?\";; esac; done; ";
    }

    @Override
    public Optional<String> queueCommand(boolean all, Optional<String> queue) {
        return Optional.of(SgeQueueParser.command(all, queue));
    }

    @Override
    public List<org.hpckernel.cluster.QueuedJob> parseQueue(String output) {
        return SgeQueueParser.parse(output);
    }

    @Override
    public Optional<String> partitionsCommand() {
        return Optional.of(SgeQueues.COMMAND);
    }

    @Override
    public List<org.hpckernel.cluster.Partition> parsePartitions(String output) {
        return SgeQueues.parse(output);
    }

    @Override
    public Map<JobId, JobStatus> parsePoll(String output, Map<JobId, JobDirectory> jobs) {
        return SgeStatusParser.parse(output, jobs);
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
    public Optional<String> usageCommand(Collection<JobId> ids) {
        return Optional.of(SgeUsageParser.command(
                ids.stream().map(SgeScheduler::jobNumber).distinct().toList()));
    }

    @Override
    public List<org.hpckernel.cluster.usage.JobUsage> parseUsage(String output) {
        return SgeUsageParser.parse(output);
    }

    @Override
    public String cancelCommand(Collection<JobId> ids) {
        List<String> parts = new ArrayList<>();
        List<String> whole = ids.stream()
                .filter(i -> i.arrayIndex().isEmpty())
                .map(SgeScheduler::jobNumber)
                .toList();
        if (!whole.isEmpty()) {
            parts.add("qdel " + String.join(" ", whole));
        }
        for (JobId task : ids) {
            task.arrayIndex().ifPresent(i -> parts.add("qdel " + jobNumber(task) + " -t " + (i + 1)));
        }
        return String.join(" && ", parts);
    }

    @Override
    public String logPath(String pattern, String jobName, JobId id, String user, Optional<String> rawTaskId) {
        Optional<Integer> index = id.arrayIndex();
        return pattern.replace("$JOB_NAME", BatchScripts.safeName(jobName))
                .replace("$JOB_ID", jobNumber(id))
                .replace("$TASK_ID", index.map(i -> String.valueOf(i + 1)).orElse("undefined"))
                .replace("$USER", user)
                .replace("$HOME", "~");
    }
}
