package org.hpckernel.cluster.slurm;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.hpckernel.cluster.BatchSystem;
import org.hpckernel.cluster.Directive;
import org.hpckernel.cluster.JobDirectory;
import org.hpckernel.cluster.JobFields;
import org.hpckernel.cluster.JobId;
import org.hpckernel.cluster.JobSpec;
import org.hpckernel.cluster.JobStatus;
import org.hpckernel.cluster.Partition;
import org.hpckernel.cluster.QueuedJob;
import org.hpckernel.cluster.Shell;
import org.hpckernel.cluster.SlurmFilenamePattern;
import org.hpckernel.cluster.TimeLimits;

/**
 * Slurm's hooks: {@code #SBATCH} in every form sbatch reads, {@code sbatch --parsable},
 * {@code squeue} then {@code sacct -X --parsable2} for the jobs that left the queue (never
 * fixed-width output, never {@code --json}), {@code scancel}, and its log patterns.
 */
public final class SlurmScheduler implements BatchSystem {

    private static final Set<String> FLAGS = Set.of(
            "--exclusive",
            "--requeue",
            "--no-requeue",
            "-H",
            "--hold",
            "-O",
            "--overcommit",
            "--contiguous",
            "--spread-job",
            "--use-min-nodes",
            "-Q",
            "--quiet",
            "-v",
            "--verbose",
            "--parsable",
            "--test-only",
            "-W",
            "--wait",
            "--ignore-pbs",
            "--get-user-env",
            "--no-kill",
            "-k",
            "--reboot",
            "--oversubscribe",
            "-s");

    @Override
    public String name() {
        return "slurm";
    }

    @Override
    public String displayName() {
        return "Slurm (sbatch)";
    }

    @Override
    public String directivePrefix() {
        return "#SBATCH";
    }

    @Override
    public Set<String> flagOptions() {
        return FLAGS;
    }

    @Override
    public Optional<String> read(Directive d, JobFields f) {
        String v = d.value().orElse("");
        switch (d.option()) {
            case "-J", "--job-name" -> f.name = v;
            case "-o", "--output" -> f.stdout = v;
            case "-e", "--error" -> f.stderr = v;
            case "-N", "--nodes" -> {
                if (!v.matches("\\d+")) {
                    return Optional.empty(); // a range like 2-4 stays as written
                }
                f.nodes = Integer.parseInt(v);
            }
            case "-n", "--ntasks" -> f.tasks = number(d);
            case "--ntasks-per-node", "--tasks-per-node" -> f.tasksPerNode = number(d);
            case "-c", "--cpus-per-task" -> f.cpusPerTask = number(d);
            case "--mem" -> f.memory = v;
            case "-t", "--time" -> f.timeLimit = TimeLimits.parse(v);
            case "-p", "--partition" -> f.partition = v;
            case "-A", "--account" -> f.account = v;
            case "-q", "--qos" -> f.qos = v;
            case "-G", "--gpus" -> f.gpus = JobSpec.Gpus.parse(v);
            case "-D", "--chdir" -> f.workingDirectory = v;
            case "-a", "--array" -> {
                if (!v.matches("\\d+(-\\d+)?(:\\d+)?(%\\d+)?")) {
                    return Optional.empty(); // a list like 1,3,5 stays as written
                }
                f.array = JobSpec.ArraySpec.parse(v);
            }
            case "-d", "--dependency" -> {
                List<JobSpec.Dependency> deps = dependencies(v);
                if (deps.isEmpty()) {
                    return Optional.empty();
                }
                f.dependencies.clear();
                f.dependencies.addAll(deps);
            }
            default -> {
                return Optional.empty();
            }
        }
        return Optional.of(meaning(d.option()));
    }

    private static String meaning(String option) {
        return switch (option) {
            case "-J", "--job-name" -> "name";
            case "-o", "--output" -> "output";
            case "-e", "--error" -> "error";
            case "-N", "--nodes" -> "nodes";
            case "-n", "--ntasks" -> "tasks";
            case "-c", "--cpus-per-task" -> "cpus per task";
            case "-t", "--time" -> "time";
            case "-p", "--partition" -> "partition";
            case "-A", "--account" -> "account";
            case "-q", "--qos" -> "qos";
            case "-G", "--gpus" -> "gpus";
            case "-D", "--chdir" -> "working folder";
            case "-a", "--array" -> "array";
            case "-d", "--dependency" -> "dependency";
            default -> option.substring(2);
        };
    }

    private static int number(Directive d) {
        try {
            return Integer.parseInt(d.value().orElse("").strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("line " + d.lineNumber() + ": " + d.option() + " takes a number, not '"
                    + d.value().orElse("") + "'");
        }
    }

    /** {@code afterok:1:2,afterany:3}; empty when any part is a kind the job model does not hold. */
    static List<JobSpec.Dependency> dependencies(String value) {
        List<JobSpec.Dependency> deps = new ArrayList<>();
        for (String part : value.split("[,?]")) {
            String[] p = part.split(":");
            JobSpec.Dependency.Kind kind = switch (p[0]) {
                case "afterok" -> JobSpec.Dependency.Kind.AFTER_OK;
                case "afterany" -> JobSpec.Dependency.Kind.AFTER_ANY;
                default -> null;
            };
            if (kind == null || p.length < 2) {
                return List.of();
            }
            for (int i = 1; i < p.length; i++) {
                deps.add(new JobSpec.Dependency(kind, JobId.of(p[i])));
            }
        }
        return deps;
    }

    @Override
    public List<String> directives(JobSpec spec, JobDirectory dir, String token) {
        List<String> d = new ArrayList<>();
        d.add("#SBATCH --job-name=" + value(schedulerName(spec.name())));
        String each = spec.array().isPresent() ? "%A_%a" : "%j";
        String out = spec.stdout().map(SlurmScheduler::pattern).orElse(dir.logs() + "/%x-" + each + ".out");
        d.add("#SBATCH --output=" + value(out));
        if (spec.stderr().isPresent() || spec.stdout().isEmpty()) {
            d.add("#SBATCH --error="
                    + value(spec.stderr().map(SlurmScheduler::pattern).orElse(dir.logs() + "/%x-" + each + ".err")));
        }
        JobSpec.Resources r = spec.resources();
        r.nodes().ifPresent(n -> d.add("#SBATCH --nodes=" + n));
        r.tasks().ifPresent(n -> d.add("#SBATCH --ntasks=" + n));
        r.tasksPerNode().ifPresent(n -> d.add("#SBATCH --ntasks-per-node=" + n));
        r.cpusPerTask().ifPresent(n -> d.add("#SBATCH --cpus-per-task=" + n));
        r.gpus().ifPresent(g -> d.add("#SBATCH --gpus=" + value(g.toString())));
        r.memory().ifPresent(m -> d.add("#SBATCH --mem=" + value(m)));
        r.timeLimit().ifPresent(t -> d.add("#SBATCH --time=" + slurmTime(t)));
        spec.partition().ifPresent(p -> d.add("#SBATCH --partition=" + value(p)));
        spec.account().ifPresent(a -> d.add("#SBATCH --account=" + value(a)));
        spec.qos().ifPresent(q -> d.add("#SBATCH --qos=" + value(q)));
        spec.array().ifPresent(a -> d.add("#SBATCH --array=" + a));
        if (!spec.dependencies().isEmpty()) {
            d.add("#SBATCH --dependency="
                    + spec.dependencies().stream()
                            .map(dep -> (dep.kind() == JobSpec.Dependency.Kind.AFTER_OK ? "afterok:" : "afterany:")
                                    + value(dep.job().value()))
                            .collect(Collectors.joining(",")));
        }
        spec.workingDirectory().ifPresent(wd -> d.add("#SBATCH --chdir=" + value(wd)));
        // the user's own --comment, kept below it, is the one Slurm keeps (then the job is found by its start file)
        d.add("#SBATCH --comment=hpck:" + token);
        return d;
    }

    /**
     * Another scheduler's log pattern in Slurm's: Grid Engine's {@code $JOB_ID}, {@code $JOB_NAME},
     * {@code $TASK_ID}, PBS's {@code ^array_index^}; a folder (a trailing /) gets the file name Grid
     * Engine and PBS would give. Slurm expands no {@code $} itself, so this is always right.
     */
    static String pattern(String p) {
        String s = p.replace("${JOB_ID}", "%j")
                .replace("$JOB_ID", "%j")
                .replace("${JOB_NAME}", "%x")
                .replace("$JOB_NAME", "%x")
                .replace("${TASK_ID}", "%a")
                .replace("$TASK_ID", "%a")
                .replace("^array_index^", "%a")
                .replace("${USER}", "%u")
                .replace("$USER", "%u");
        return s.endsWith("/") ? s + "%x.o%j" : s;
    }

    /** Directives are not read by a shell, but a newline would end one and start another. */
    private static String value(String v) {
        if (v.contains("\n") || v.contains("\r")) {
            throw new IllegalArgumentException("a job option cannot contain a line break: " + v.replace("\n", "\\n"));
        }
        return v.contains(" ") ? "\"" + v.replace("\"", "") + "\"" : v;
    }

    /** Slurm puts the name into {@code %x} log paths: a '/' would name a folder that does not exist (exit 0:53). */
    @Override
    public String schedulerName(String name) {
        String s = name.replace('/', '_').replace('\n', ' ').replace('\r', ' ').strip();
        return s.isEmpty() ? "job" : s;
    }

    public static String slurmTime(Duration t) {
        long minutes = Math.max(1, (t.toSeconds() + 59) / 60);
        long days = minutes / (24 * 60);
        long hours = (minutes / 60) % 24;
        long mins = minutes % 60;
        return days > 0
                ? String.format(Locale.ROOT, "%d-%02d:%02d:00", days, hours, mins)
                : String.format(Locale.ROOT, "%02d:%02d:00", hours, mins);
    }

    @Override
    public String emulatedEnvironment() {
        return "export SLURM_JOB_ID=\"${SLURM_JOB_ID:-$_hpc_job}\" SLURM_JOB_NAME=\"${SLURM_JOB_NAME:-$_hpc_name}\" "
                + "SLURM_SUBMIT_DIR=\"${SLURM_SUBMIT_DIR:-$_hpc_submit}\" SLURM_NTASKS=\"${SLURM_NTASKS:-${NSLOTS:-1}}\"\n"
                + "if [ -n \"$HPC_ARRAY_TASK_ID\" ]; then export SLURM_ARRAY_TASK_ID=\"${SLURM_ARRAY_TASK_ID:-$HPC_ARRAY_TASK_ID}\" "
                + "SLURM_ARRAY_JOB_ID=\"${SLURM_ARRAY_JOB_ID:-${_hpc_job%%[.\\[]*}}\"; fi\n";
    }

    /**
     * A chain is {@code --array=1-N%1}: Slurm starts task i+1 after task i ends, however it ended (one
     * submission, one id, no dependency to break). scancel works from a compute node; only the tasks
     * after this one are named, so the link running the trap is not signalled.
     */
    @Override
    public Optional<String> cancelLaterLinksCommand() {
        return Optional.of("scancel \"${SLURM_ARRAY_JOB_ID}_[$((SLURM_ARRAY_TASK_ID + 1))-${HPC_CHAIN_LINKS}]\"");
    }

    @Override
    public String noRequeueLine() {
        return "#SBATCH --no-requeue";
    }

    @Override
    public String submitCommand(String scriptPath) {
        return "sbatch --parsable " + Shell.quote(scriptPath);
    }

    @Override
    public Optional<JobId> parseSubmitted(String stdout) {
        String id = stdout.strip().split("\n")[0].split(";")[0].strip();
        return id.matches("\\d+") ? Optional.of(JobId.of(id)) : Optional.empty();
    }

    /** {@code srun} asks for the allocation and runs the script in it, once per task, its output on this channel. */
    @Override
    public Optional<String> interactiveCommand(JobSpec spec, String scriptPath, String token) {
        List<String> w = new ArrayList<>(List.of(
                "srun",
                "--job-name=" + Shell.quote(schedulerName(spec.name())),
                "--comment=" + Shell.quote("hpck:" + token)));
        JobSpec.Resources r = spec.resources();
        r.nodes().ifPresent(n -> w.add("--nodes=" + n));
        r.tasks().ifPresent(n -> w.add("--ntasks=" + n));
        r.tasksPerNode().ifPresent(n -> w.add("--ntasks-per-node=" + n));
        r.cpusPerTask().ifPresent(n -> w.add("--cpus-per-task=" + n));
        r.gpus().ifPresent(g -> w.add("--gpus=" + Shell.quote(g.toString())));
        r.memory().ifPresent(m -> w.add("--mem=" + Shell.quote(m)));
        r.timeLimit().ifPresent(t -> w.add("--time=" + slurmTime(t)));
        spec.partition().ifPresent(p -> w.add("--partition=" + Shell.quote(p)));
        spec.account().ifPresent(a -> w.add("--account=" + Shell.quote(a)));
        spec.qos().ifPresent(q -> w.add("--qos=" + Shell.quote(q)));
        w.add("bash");
        w.add(Shell.quote(scriptPath));
        return Optional.of(String.join(" ", w));
    }

    @Override
    public Optional<String> lookupCommand() {
        return Optional.of("squeue -h -u \"${USER:-$(id -un)}\" -o '%i|%k' 2>&1; echo \"@@squeue $?\"; "
                + "sacct -X -P -n -o JobID,Comment -S now-3days 2>&1; echo \"@@sacct $?\"");
    }

    @Override
    public Optional<JobId> parseLookup(String output, String token) {
        String mark = "hpck:" + token;
        for (String line : output.split("\n")) {
            int bar = line.indexOf('|');
            if (bar > 0 && line.substring(bar + 1).contains(mark)) {
                String id = line.substring(0, bar).strip();
                int u = id.indexOf('_');
                return Optional.of(JobId.of(u > 0 ? id.substring(0, u) : id));
            }
        }
        return Optional.empty();
    }

    @Override
    public boolean lookupAnswered(String output) {
        return output.contains("@@squeue 0") && output.contains("@@sacct 0");
    }

    @Override
    public Optional<String> limitsCommand() {
        return Optional.of(SlurmPartitions.COMMAND);
    }

    @Override
    public Optional<String> beyondLimits(JobSpec spec, String limits) {
        return SlurmPartitions.refusal(spec, SlurmPartitions.parse(limits));
    }

    @Override
    public Optional<String> queueCommand(boolean all, Optional<String> partition) {
        return Optional.of(SlurmQueueParser.command(all, partition));
    }

    @Override
    public List<QueuedJob> parseQueue(String output) {
        return SlurmQueueParser.parse(output);
    }

    @Override
    public Optional<String> partitionsCommand() {
        return Optional.of(SlurmPartitions.OVERVIEW_COMMAND);
    }

    @Override
    public List<Partition> parsePartitions(String output) {
        return SlurmPartitions.overview(output);
    }

    @Override
    public Optional<String> startEstimateCommand(String scriptPath) {
        return Optional.of(SlurmQueueParser.startEstimateCommand(scriptPath));
    }

    @Override
    public Optional<String> parseStartEstimate(String output) {
        return SlurmQueueParser.startEstimate(output);
    }

    @Override
    public String pollCommand(Map<JobId, JobDirectory> jobs) {
        String ids = jobs.keySet().stream()
                .map(j -> j.arrayParent().value())
                .distinct()
                .collect(Collectors.joining(","));
        // squeue (milliseconds) first, sacct (a slurmdbd round trip) only for the jobs that left the queue;
        // few processes: every fork costs about a millisecond on a login node, and this runs every cycle
        // a job waiting for a node that may not exist: the node names tell (one more call only then)
        return "q=$(squeue -h -r -t all -u \"${USER:-$(id -un)}\" -o '%i|%j|%T|%r' 2>&1); qs=$?; printf '%s\\n' \"$q\"; "
                + "echo \"@@squeue $qs\"; "
                + "case \"$q\" in *ReqNodeNotAvail*) printf '@@nodes %s\\n' \"$(sinfo -h -N -o %N | tr '\\n' ' ')\";; esac; "
                + "missing=$(printf '%s\\n' \"$q\" | awk -F'|' -v ids=" + Shell.quote(ids)
                + " 'BEGIN{n=split(ids,a,\",\")} {split($1,p,\"_\"); seen[p[1]]=1} END{for(i=1;i<=n;i++) if(!(a[i] in seen)) printf \"%s,\", a[i]}'); "
                + "if [ -n \"$missing\" ]; then sacct -X -P -n -o JobID,JobName,State,ExitCode,Reason -j \"${missing%,}\" 2>&1; echo \"@@sacct $?\"; fi; ";
    }

    @Override
    public Map<JobId, JobStatus> parsePoll(String output, Map<JobId, JobDirectory> jobs) {
        Map<JobId, JobStatus> states = SlurmStatusParser.parse(output, jobs);
        for (String line : output.split("\n")) {
            if (line.startsWith("@@nodes ")) {
                return SlurmNodes.markMissingNodes(
                        states, SlurmNodes.parse(line.substring(8).replace(' ', '\n')));
            }
        }
        return states;
    }

    @Override
    public Optional<String> usageCommand(Collection<JobId> ids) {
        return Optional.of(SlurmUsageParser.command(
                ids.stream().map(JobId::value).distinct().toList()));
    }

    @Override
    public List<org.hpckernel.cluster.usage.JobUsage> parseUsage(String output)
            throws org.hpckernel.cluster.usage.UsageUnavailable {
        return SlurmUsageParser.parse(output);
    }

    @Override
    public String cancelCommand(Collection<JobId> ids) {
        return "scancel " + ids.stream().map(j -> Shell.quote(j.value())).collect(Collectors.joining(" "));
    }

    /** {@code %x %j %A %a %u %N %n %t %%}, with zero padding like {@code %3a}. */
    @Override
    public String logPath(String pattern, String jobName, JobId id, String user, Optional<String> rawTaskId) {
        return SlurmFilenamePattern.expand(pattern, schedulerName(jobName), id, user, rawTaskId);
    }

    @Override
    public String advice(String stderr) {
        String s = stderr.toLowerCase(Locale.ROOT);
        if (s.contains("invalid partition")) {
            return "Check the partition name: `sinfo -s` on the cluster lists them; set --partition or the profile's partition.";
        }
        if (s.contains("invalid account") || s.contains("association")) {
            return "Check the account: `sacctmgr show assoc user=$USER` lists yours; set --account.";
        }
        if (s.contains("time limit") || s.contains("timelimit")) {
            return "The requested --time is above the partition's limit: ask for less or choose another partition.";
        }
        if (s.contains("memory") || s.contains("node configuration is not available")) {
            return "No node can satisfy the request (memory, CPUs or GPUs): ask for less, or another partition.";
        }
        if (s.contains("temporarily unable")
                || s.contains("resource temporarily unavailable")
                || s.contains("maxjobcount")) {
            return "The controller is busy or full (MaxJobCount): wait and submit again, or submit fewer jobs as one array.";
        }
        if (s.contains("unable to contact") || s.contains("timed out") || s.contains("connection refused")) {
            return "Slurm's controller is not answering; nothing was lost: `%hpc reconcile` looks for the job again later.";
        }
        if (s.contains("batch job submission failed")) {
            return "Check the options against the cluster's partitions (`sinfo -s`); `%%hpc submit --dry-run` shows the script.";
        }
        return "`%%hpc submit --dry-run` shows the script that was sent; the message above is Slurm's own.";
    }
}
