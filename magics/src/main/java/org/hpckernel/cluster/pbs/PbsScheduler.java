package org.hpckernel.cluster.pbs;

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
 * PBS Pro / OpenPBS (and Torque's directives) hooks: {@code qsub} answers {@code 123.server}, kept
 * whole; arrays {@code -J} give {@code 123[].server} with tasks {@code 123[4].server}. Status is
 * {@code qstat -t -f -F json -x} (finished jobs need the server's job history), falling back to the
 * brief {@code qstat -t -x} where JSON is not there; {@code qdel} cancels.
 */
public final class PbsScheduler implements BatchSystem {

    private static final Set<String> FLAGS = Set.of("-V", "-h", "-I", "-X", "-z", "-f");

    @Override
    public String name() {
        return "pbs";
    }

    @Override
    public String displayName() {
        return "PBS (qsub)";
    }

    @Override
    public String directivePrefix() {
        return "#PBS";
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
                f.joined = v.startsWith("oe") || v.startsWith("eo");
                return Optional.of("stderr into stdout");
            }
            case "-q" -> f.partition = v;
            case "-A", "-P" -> f.account = v; // -P is the project PBS Pro (and NCI) charge
            case "-d", "-w" -> f.workingDirectory = v;
            case "-J", "-t" -> {
                if (!v.matches("\\d+(-\\d+)?(:\\d+)?(%\\d+)?")) {
                    return Optional.empty();
                }
                f.array = JobSpec.ArraySpec.parse(v);
            }
            case "-W" -> {
                if (!v.startsWith("depend=")) {
                    return Optional.empty();
                }
                List<JobSpec.Dependency> deps = new ArrayList<>();
                for (String part : v.substring(7).split(",")) {
                    String[] p = part.split(":");
                    JobSpec.Dependency.Kind kind = switch (p[0].replace("array", "")) {
                        case "afterok" -> JobSpec.Dependency.Kind.AFTER_OK;
                        case "afterany" -> JobSpec.Dependency.Kind.AFTER_ANY;
                        default -> null;
                    };
                    if (kind == null) {
                        return Optional.empty();
                    }
                    for (int i = 1; i < p.length; i++) {
                        deps.add(new JobSpec.Dependency(kind, JobId.of(p[i])));
                    }
                }
                f.dependencies.clear();
                f.dependencies.addAll(deps);
                return Optional.of("dependency");
            }
            case "-l" -> {
                return resources(v, f);
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
                    case "-q" -> "queue";
                    case "-A" -> "account";
                    case "-d", "-w" -> "working folder";
                    case "-P" -> "account (project)";
                    default -> "array";
                });
    }

    /**
     * {@code -l walltime=1:00:00,mem=2gb}, {@code nodes=2:ppn=4}, {@code select=1:ncpus=4:mem=8gb:ngpus=1}:
     * read only when every resource in it is one the job model holds (otherwise kept as written).
     */
    static Optional<String> resources(String list, JobFields f) {
        JobFields s = new JobFields();
        List<String> meant = new ArrayList<>();
        boolean whole = true;
        for (String item : list.split(",")) {
            int eq = item.indexOf('=');
            if (item.strip().equals("wd")) {
                meant.add("wd: start in the submit folder, the job's folder here");
                continue;
            }
            if (eq < 0) {
                whole = false;
                continue;
            }
            String k = item.substring(0, eq).strip();
            String val = item.substring(eq + 1).strip();
            switch (k) {
                case "walltime" -> s.timeLimit = TimeLimits.parse(val.matches("\\d+") ? "0:0:" + val : val);
                case "mem" -> s.memory = val;
                case "ncpus" -> s.cpusPerTask = Integer.parseInt(val);
                case "ngpus" -> s.gpus = JobSpec.Gpus.parse(val);
                case "nodes", "select" -> whole &= chunk(k, val, s);
                default -> whole = false;
            }
            meant.add(k);
        }
        f.timeLimit = s.timeLimit != null ? s.timeLimit : f.timeLimit;
        f.memory = s.memory != null ? s.memory : f.memory;
        f.cpusPerTask = s.cpusPerTask != null ? s.cpusPerTask : f.cpusPerTask;
        f.gpus = s.gpus != null ? s.gpus : f.gpus;
        f.nodes = s.nodes != null ? s.nodes : f.nodes;
        f.tasksPerNode = s.tasksPerNode != null ? s.tasksPerNode : f.tasksPerNode;
        // a line with a resource the job model lacks (jobfs, model=bro) is kept as written here, refused elsewhere
        return whole ? Optional.of(String.join(", ", meant)) : Optional.empty();
    }

    /** {@code 2:ppn=4[:gpus=1]} (Torque) or {@code 1:ncpus=4:mpiprocs=4:mem=8gb:ngpus=1} (PBS Pro); false for host names or unknown parts. */
    private static boolean chunk(String kind, String val, JobFields s) {
        String[] parts = val.split(":");
        boolean counted = parts[0].matches("\\d+");
        if (!counted && !parts[0].contains("=")) {
            return false; // a host name (nodes=n001:ppn=4)
        }
        s.nodes = counted ? Integer.parseInt(parts[0]) : 1; // select=ncpus=1 is one chunk
        boolean whole = true;
        for (int i = counted ? 1 : 0; i < parts.length; i++) {
            String[] kv = parts[i].split("=", 2);
            if (kv.length != 2
                    || !(kv[0].equals("mem")
                            || kv[0].equals("ngpus")
                            || kv[0].equals("gpus")
                            || kv[1].matches("\\d+"))) {
                whole = false;
                continue;
            }
            switch (kv[0]) {
                case "ppn", "mpiprocs" -> s.tasksPerNode = Integer.parseInt(kv[1]);
                case "ncpus" -> s.cpusPerTask = Integer.parseInt(kv[1]);
                case "mem" -> s.memory = kv[1];
                case "ngpus", "gpus" -> s.gpus = JobSpec.Gpus.parse(kv[1]);
                default -> whole = false;
            }
        }
        if ("nodes".equals(kind) || s.tasksPerNode != null) {
            // ppn (and mpiprocs) count processes per node; ncpus without mpiprocs is one process's cores
            s.cpusPerTask = "nodes".equals(kind)
                    ? null
                    : s.cpusPerTask != null && s.tasksPerNode != null
                            ? Math.max(1, s.cpusPerTask / s.tasksPerNode)
                            : s.cpusPerTask;
        }
        return whole;
    }

    @Override
    public List<String> directives(JobSpec spec, JobDirectory dir, String token) {
        List<String> d = new ArrayList<>();
        d.add("#PBS -N " + BatchScripts.safeName(spec.name()));
        String task = spec.array().isPresent() ? ".^array_index^" : "";
        d.add("#PBS -o "
                + spec.stdout()
                        .map(o -> BatchScripts.plainValue("--output", o.replace("%a", "^array_index^")))
                        .orElse(BatchScripts.pathValue(dir.logs() + "/stdout" + task)));
        if (spec.stdout().isPresent() && spec.stderr().isEmpty()) {
            d.add("#PBS -j oe");
        } else {
            d.add("#PBS -e "
                    + spec.stderr()
                            .map(o -> BatchScripts.plainValue("--error", o.replace("%a", "^array_index^")))
                            .orElse(BatchScripts.pathValue(dir.logs() + "/stderr" + task)));
        }
        d.addAll(resourceLines(spec));
        spec.partition().ifPresent(q -> d.add("#PBS -q " + BatchScripts.plainValue("--partition (queue)", q)));
        spec.account().ifPresent(a -> d.add("#PBS -A " + BatchScripts.plainValue("--account", a)));
        spec.array()
                .ifPresent(a -> d.add("#PBS -J " + a.first() + "-" + a.last() + (a.step() > 1 ? ":" + a.step() : "")
                        + a.throttle().map(k -> "%" + k).orElse("")));
        if (!spec.dependencies().isEmpty()) {
            d.add("#PBS -W depend="
                    + spec.dependencies().stream().map(PbsScheduler::depend).collect(Collectors.joining(",")));
        }
        return d;
    }

    /** The {@code -l} lines: one {@code select} chunk for nodes, processes, CPUs, GPUs and memory, and the walltime. */
    static List<String> resourceLines(JobSpec spec) {
        List<String> lines = new ArrayList<>();
        JobSpec.Resources r = spec.resources();
        if (r.nodes().isPresent()
                || r.tasks().isPresent()
                || r.tasksPerNode().isPresent()
                || r.cpusPerTask().isPresent()
                || r.gpus().isPresent()
                || r.memory().isPresent()) {
            int nodes = r.nodes().orElse(1);
            int perNode = r.tasksPerNode().orElse(Math.max(1, r.tasks().orElse(1) / nodes));
            StringBuilder select = new StringBuilder(
                    nodes + ":ncpus=" + perNode * r.cpusPerTask().orElse(1));
            if (r.tasks().isPresent() || r.tasksPerNode().isPresent()) {
                select.append(":mpiprocs=").append(perNode);
            }
            r.gpus().ifPresent(g -> select.append(":ngpus=").append(g.count()));
            r.memory().ifPresent(m -> select.append(":mem=").append(pbsSize(BatchScripts.plainValue("--mem", m))));
            lines.add("#PBS -l select=" + select);
        }
        r.timeLimit().ifPresent(t -> lines.add("#PBS -l walltime=" + BatchScripts.hms(t)));
        return lines;
    }

    /** {@code afterok:ID}; an array parent {@code 123[].server} needs {@code afterokarray}. */
    static String depend(JobSpec.Dependency dep) {
        String id = BatchScripts.plainValue("a dependency", dep.job().value());
        String kind = dep.kind() == JobSpec.Dependency.Kind.AFTER_OK ? "afterok" : "afterany";
        return kind + (id.contains("[]") ? "array" : "") + ":" + id;
    }

    /** PBS sizes are {@code 2gb}, {@code 512mb}: Slurm-style {@code 2G} becomes {@code 2gb}. */
    static String pbsSize(String m) {
        String s = m.strip().toLowerCase(Locale.ROOT);
        return s.matches("\\d+[kmgt]") ? s + "b" : s;
    }

    @Override
    public String emulatedEnvironment() {
        return "export PBS_JOBID=\"${PBS_JOBID:-$_hpc_job}\" PBS_JOBNAME=\"${PBS_JOBNAME:-$_hpc_name}\" "
                + "PBS_O_WORKDIR=\"${PBS_O_WORKDIR:-$_hpc_submit}\"\n"
                + "if [ -n \"$HPC_ARRAY_TASK_ID\" ]; then export PBS_ARRAY_INDEX=\"${PBS_ARRAY_INDEX:-$HPC_ARRAY_TASK_ID}\" "
                + "PBS_ARRAYID=\"${PBS_ARRAYID:-$HPC_ARRAY_TASK_ID}\"; fi\n";
    }

    /**
     * A chain is {@code -J 1-N%1}: the {@code %} limit on running subjobs (max_run_subjobs) came with
     * PBS Pro 2020.1 / OpenPBS 20.0; an older server refuses the array at submit, and its words are shown.
     * A dependency chain would take N submissions, against the one receipt-guarded submit per job.
     * The later subjobs are deleted as a range, {@code 123[3-10].server}.
     */
    @Override
    public Optional<String> cancelLaterLinksCommand() {
        return Optional.of("qdel \"${PBS_JOBID%%\\[*}[$((PBS_ARRAY_INDEX + 1))-${HPC_CHAIN_LINKS}]${PBS_JOBID#*\\]}\"");
    }

    @Override
    public String noRequeueLine() {
        return "#PBS -r n";
    }

    @Override
    public String submitCommand(String scriptPath) {
        return "qsub " + Shell.quote(scriptPath);
    }

    /** The whole id, server part included: {@code 123.server} or {@code 123[].server}. */
    @Override
    public Optional<JobId> parseSubmitted(String out) {
        String id = out.strip().lines().reduce((a, b) -> b).orElse("").strip();
        return id.matches("\\d+(\\[\\])?(\\.[A-Za-z0-9._-]+)?") ? Optional.of(JobId.of(id)) : Optional.empty();
    }

    @Override
    public String advice(String stderr) {
        String s = stderr.toLowerCase(Locale.ROOT);
        if (s.contains("unknown queue")) {
            return "Check the queue name: `qstat -Q` on the cluster lists them; set --partition.";
        }
        if (s.contains("exceeds") || s.contains("limit")) {
            return "The request is above a queue or server limit (walltime, ncpus, mem): ask for less or another queue.";
        }
        if (s.contains("unknown resource")) {
            return "A resource (ngpus, mem) is not defined on this server: `qstat -Bf` shows the resources it knows.";
        }
        return "`%%hpc submit --dry-run` shows the script that was sent; the message above is PBS's own.";
    }

    /** JSON for all ids at once; the brief listing when this PBS has no JSON output (the exit files follow). */
    @Override
    public String pollCommand(Map<JobId, JobDirectory> jobs) {
        String ids = jobs.keySet().stream()
                .map(j -> Shell.quote(j.arrayParent().value()))
                .distinct()
                .collect(Collectors.joining(" "));
        return "_o=$(qstat -t -f -F json -x " + ids + " 2>&1); _rc=$?; "
                + "case \"$_o\" in *'\"Jobs\"'*) printf '%s\\n' \"$_o\"; echo \"@@json $_rc\";; "
                + "*) printf '%s\\n' \"$_o\" | sed 's/^/@@err /'; qstat -t -x " + ids
                + " 2>&1; echo \"@@brief $?\";; esac; ";
    }

    @Override
    public Optional<String> queueCommand(boolean all, Optional<String> queue) {
        return Optional.of(PbsQueueParser.command(all, queue));
    }

    @Override
    public List<org.hpckernel.cluster.QueuedJob> parseQueue(String output) {
        return PbsQueueParser.parse(output);
    }

    @Override
    public Optional<String> partitionsCommand() {
        return Optional.of(PbsQueues.COMMAND);
    }

    @Override
    public List<org.hpckernel.cluster.Partition> parsePartitions(String output) {
        return PbsQueues.parse(output);
    }

    @Override
    public Map<JobId, JobStatus> parsePoll(String output, Map<JobId, JobDirectory> jobs) {
        return PbsStatusParser.parse(output, jobs);
    }

    /** {@code qstat -x -f -t}: finished jobs and array subjobs too, in the text form every PBS version prints. */
    @Override
    public Optional<String> usageCommand(Collection<JobId> ids) {
        return Optional.of("qstat -x -f -t "
                + ids.stream().map(j -> Shell.quote(j.value())).distinct().collect(Collectors.joining(" ")) + " 2>&1");
    }

    @Override
    public List<org.hpckernel.cluster.usage.JobUsage> parseUsage(String output) {
        return PbsUsageParser.parse(output);
    }

    @Override
    public String cancelCommand(Collection<JobId> ids) {
        return "qdel " + ids.stream().map(j -> Shell.quote(j.value())).collect(Collectors.joining(" "));
    }

    /** {@code ^array_index^} is the task; {@code $PBS_JOBID} and the like are not expanded by PBS in -o. */
    @Override
    public String logPath(String pattern, String jobName, JobId id, String user, Optional<String> rawTaskId) {
        return pattern.replace(
                "^array_index^", id.arrayIndex().map(String::valueOf).orElse(""));
    }
}
