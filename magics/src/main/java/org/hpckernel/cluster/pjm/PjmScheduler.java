package org.hpckernel.cluster.pjm;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
 * Fujitsu TCS / PJM's hooks, as HPC-Ops drives it on Genkai:
 * {@code #PJM -L rscgrp=…,node=…,vnode-core=…,gpu=…,elapse=…}, {@code pjsub}; bulk jobs
 * {@code --bulk --sparam FIRST-LAST} with sub-jobs {@code 123[4]}; {@code pjstat} and
 * {@code pjstat -H} read by column names; {@code pjdel}. Unless the script names its own output
 * file, the job writes its stdout and stderr into the job directory, so logs do not depend on
 * PJM's file naming.
 */
public final class PjmScheduler implements BatchSystem {

    private static final Pattern SUBMITTED = Pattern.compile("Job (\\d+) submitted");
    private static final Set<String> FLAGS =
            Set.of("-j", "-s", "-S", "-X", "--bulk", "--step", "--norestart", "--restart", "--interact");

    @Override
    public String name() {
        return "pjm";
    }

    @Override
    public String displayName() {
        return "PJM (pjsub)";
    }

    @Override
    public String directivePrefix() {
        return "#PJM";
    }

    @Override
    public Set<String> flagOptions() {
        return FLAGS;
    }

    @Override
    public Optional<String> read(Directive d, JobFields f) {
        String v = d.value().orElse("");
        switch (d.option()) {
            case "-N", "--name" -> f.name = v;
            case "-o" -> f.stdout = v;
            case "-e" -> f.stderr = v;
            case "-j" -> {
                f.joined = true;
                return Optional.of("stderr into stdout");
            }
            case "-g" -> f.account = v;
            case "-L", "--rsc-list" -> {
                return resources(v, f);
            }
            case "--mpi" -> {
                return mpi(v, f);
            }
            case "--sparam" -> {
                if (!v.matches("\\d+-\\d+")) {
                    return Optional.empty();
                }
                f.array = JobSpec.ArraySpec.parse(v);
                return Optional.of("array");
            }
            case "--bulk" -> {
                return Optional.of("array");
            }
            default -> {
                return Optional.empty();
            }
        }
        return Optional.of(
                switch (d.option()) {
                    case "-N", "--name" -> "name";
                    case "-o" -> "output";
                    case "-e" -> "error";
                    default -> "group (account)";
                });
    }

    /** {@code node=4,rscgrp=small,elapse=1:00:00}: read only when every item is one the job model holds. */
    private static Optional<String> resources(String list, JobFields f) {
        JobFields s = new JobFields();
        List<String> meant = new ArrayList<>();
        for (String item : list.split(",")) {
            int eq = item.indexOf('=');
            if (eq < 0) {
                return Optional.empty();
            }
            String k = item.substring(0, eq).strip();
            String val = item.substring(eq + 1).strip();
            switch (k) {
                case "node" -> {
                    // 4, or a shape 2x3x4[:torus|:mesh|:noncont][:strict-io]: as many nodes as the shape holds
                    String shape = val.split(":")[0];
                    if (!shape.matches("\\d+(x\\d+){0,2}")) {
                        return Optional.empty();
                    }
                    int n = 1;
                    for (String side : shape.split("x")) {
                        n *= Integer.parseInt(side);
                    }
                    s.nodes = n;
                }
                case "rscgrp" -> s.partition = val;
                case "elapse" -> s.timeLimit = TimeLimits.parse(val.matches("\\d+") ? "0:0:" + val : val);
                case "vnode-core" -> s.cpusPerTask = Integer.parseInt(val);
                case "gpu" -> s.gpus = JobSpec.Gpus.parse(val);
                case "node-mem" -> s.memory = val;
                default -> {
                    return Optional.empty();
                }
            }
            meant.add(k);
        }
        f.nodes = s.nodes != null ? s.nodes : f.nodes;
        f.partition = s.partition != null ? s.partition : f.partition;
        f.timeLimit = s.timeLimit != null ? s.timeLimit : f.timeLimit;
        f.cpusPerTask = s.cpusPerTask != null ? s.cpusPerTask : f.cpusPerTask;
        f.gpus = s.gpus != null ? s.gpus : f.gpus;
        f.memory = s.memory != null ? s.memory : f.memory;
        return Optional.of(String.join(", ", meant));
    }

    /** {@code proc=16} (processes), {@code max-proc-per-node=4}. */
    private static Optional<String> mpi(String list, JobFields f) {
        Integer proc = null;
        Integer perNode = null;
        for (String item : list.split(",")) {
            String[] kv = item.split("=", 2);
            if (kv.length != 2 || !kv[1].strip().matches("\\d+")) {
                return Optional.empty();
            }
            switch (kv[0].strip()) {
                case "proc" -> proc = Integer.parseInt(kv[1].strip());
                case "max-proc-per-node" -> perNode = Integer.parseInt(kv[1].strip());
                default -> {
                    return Optional.empty();
                }
            }
        }
        f.tasks = proc != null ? proc : f.tasks;
        f.tasksPerNode = perNode != null ? perNode : f.tasksPerNode;
        return Optional.of("MPI processes");
    }

    /** The {@code -L} list: {@code rscgrp} from the partition, {@code node}, {@code vnode-core}, {@code gpu}, {@code elapse}. */
    static String resources(JobSpec spec) {
        List<String> l = new ArrayList<>();
        spec.partition().ifPresent(p -> l.add("rscgrp=" + BatchScripts.plainValue("--partition (rscgrp)", p)));
        JobSpec.Resources r = spec.resources();
        r.nodes().ifPresent(n -> l.add("node=" + n));
        if (r.cpusPerTask().isPresent()
                || (r.tasks().isPresent() && r.tasksPerNode().isEmpty())) {
            l.add("vnode-core="
                    + r.cpusPerTask().orElse(1)
                            * (r.tasksPerNode().isPresent() ? 1 : r.tasks().orElse(1)));
        }
        r.gpus().ifPresent(g -> l.add("gpu=" + g.count()));
        r.memory().ifPresent(m -> l.add("node-mem=" + BatchScripts.plainValue("--mem", m)));
        r.timeLimit().ifPresent(t -> l.add("elapse=" + BatchScripts.hms(t)));
        return String.join(",", l);
    }

    @Override
    public List<String> directives(JobSpec spec, JobDirectory dir, String token) {
        List<String> o = new ArrayList<>();
        String l = resources(spec);
        if (!l.isEmpty()) {
            o.add("#PJM -L " + l);
        }
        JobSpec.Resources r = spec.resources();
        if (r.tasksPerNode().isPresent()) {
            o.add("#PJM --mpi " + "proc="
                    + r.tasks().orElse(r.tasksPerNode().get() * r.nodes().orElse(1)) + ",max-proc-per-node="
                    + r.tasksPerNode().get());
        }
        o.add("#PJM -N " + BatchScripts.safeName(spec.name()));
        spec.account().ifPresent(g -> o.add("#PJM -g " + BatchScripts.plainValue("--account (group)", g)));
        o.add("#PJM -j");
        o.add("#PJM -o "
                + spec.stdout()
                        .map(p -> BatchScripts.plainValue("--output", p))
                        .orElse(BatchScripts.pathValue(dir.logs()) + "/pjm"
                                + (spec.array().isPresent() ? ".%b" : "") + ".out"));
        spec.array().ifPresent(a -> {
            if (a.step() > 1) {
                throw new IllegalArgumentException("PJM bulk jobs take a plain range FIRST-LAST, not a step: " + a);
            }
            o.add("#PJM --bulk --sparam " + a.first() + "-" + a.last());
        });
        if (spec.dependencies().size() > 1) {
            throw new IllegalArgumentException("PJM runs a job after ONE other (a step job); this job names "
                    + spec.dependencies().size());
        }
        spec.dependencies()
                .forEach(dep -> o.add("#PJM --step --sparam jid=" + number(dep.job())
                        + (dep.kind() == JobSpec.Dependency.Kind.AFTER_OK ? ",sd=ec!=0:all" : "")));
        return o;
    }

    /** Unless the script names its own -o, the job keeps its stdout/stderr in the job directory (PJM's -o file gets PJM's messages). */
    @Override
    public String scriptPreamble(JobSpec spec) {
        if (spec.stdout().isPresent()) {
            return "";
        }
        return "mkdir -p \"$HPC_JOB_DIR/logs\"; exec >> \"$HPC_JOB_DIR/logs/stdout${HPC_ARRAY_TASK_ID:+.$HPC_ARRAY_TASK_ID}\" "
                + "2>> \"$HPC_JOB_DIR/logs/stderr${HPC_ARRAY_TASK_ID:+.$HPC_ARRAY_TASK_ID}\"\n";
    }

    @Override
    public String logPattern(JobFields rendered, JobDirectory dir, boolean stderr) {
        if (rendered.stdout != null && !rendered.stdout.startsWith(dir.logs() + "/pjm")) {
            return rendered.stdout; // the user's own file: PJM joins stderr into it (-j)
        }
        return dir.logs() + "/" + (stderr ? "stderr" : "stdout") + "%b";
    }

    @Override
    public String emulatedEnvironment() {
        return "export PJM_JOBID=\"${PJM_JOBID:-$_hpc_job}\" PJM_JOBNAME=\"${PJM_JOBNAME:-$_hpc_name}\" "
                + "PJM_O_WORKDIR=\"${PJM_O_WORKDIR:-$_hpc_submit}\"\n"
                + "if [ -n \"$HPC_ARRAY_TASK_ID\" ]; then export PJM_BULKNUM=\"${PJM_BULKNUM:-$HPC_ARRAY_TASK_ID}\"; fi\n";
    }

    // No cancelLaterLinksCommand: bulk sub-jobs have no throttle (all may run at once), so --chain is refused here;
    // PJM's own sequence is the step job, one pjsub per link (--after), not one submission.

    @Override
    public String noRequeueLine() {
        return "#PJM --norestart";
    }

    @Override
    public String submitCommand(String scriptPath) {
        return "pjsub " + Shell.quote(scriptPath);
    }

    /** {@code [INFO] PJM 0000 pjsub Job 12345 submitted.} gives {@code 12345}. */
    @Override
    public Optional<JobId> parseSubmitted(String out) {
        Matcher m = SUBMITTED.matcher(out);
        return m.find() ? Optional.of(JobId.of(m.group(1))) : Optional.empty();
    }

    @Override
    public String advice(String stderr) {
        return "Check the resource group (rscgrp), node and elapse against the centre's limits; `pjstat --rsc` lists resource groups.";
    }

    /** The job number of {@code 123} or sub-job {@code 123[4]}; only digits reach the shell. */
    static String number(JobId id) {
        String v = id.value();
        String n = v.contains("[") ? v.substring(0, v.indexOf('[')) : v;
        if (!n.matches("\\d+")) {
            throw new IllegalArgumentException("'" + id + "' is not a PJM job id (a number, or NUMBER[INDEX])");
        }
        return n;
    }

    /** One call for all: the live jobs, the finished ones (-H); the exit files follow. */
    @Override
    public String pollCommand(Map<JobId, JobDirectory> jobs) {
        String ids = jobs.keySet().stream().map(PjmScheduler::number).distinct().collect(Collectors.joining(" "));
        return "pjstat -E " + ids + " 2>&1; echo \"@@pjstat $?\"; pjstat -H -E " + ids
                + " 2>&1; echo \"@@pjstat-H $?\"; ";
    }

    @Override
    public Map<JobId, JobStatus> parsePoll(String output, Map<JobId, JobDirectory> jobs) {
        return PjmStatusParser.parse(output, jobs);
    }

    /** No public sample of PJM's statistics ({@code pjstat -s}, {@code pjstat -H -s}) exists to read it from: not guessed. */
    @Override
    public String usageUnsupported() {
        return "Fujitsu PJM's statistics (pjstat -s) are not read yet: no sample of their output was available to build on; "
                + "run `pjstat -H -s JOBID` on the login node";
    }

    @Override
    public Optional<String> queueCommand(boolean all, Optional<String> group) {
        return Optional.of(PjmQueueParser.command(all, group));
    }

    @Override
    public List<org.hpckernel.cluster.QueuedJob> parseQueue(String output) {
        return PjmQueueParser.parse(output);
    }

    @Override
    public Optional<String> partitionsCommand() {
        return Optional.of(PjmResourceGroups.COMMAND);
    }

    @Override
    public List<org.hpckernel.cluster.Partition> parsePartitions(String output) {
        return PjmResourceGroups.parse(output);
    }

    @Override
    public String cancelCommand(Collection<JobId> ids) {
        return "pjdel "
                + ids.stream()
                        .map(id -> {
                            number(id);
                            return Shell.quote(id.value());
                        })
                        .collect(Collectors.joining(" "));
    }

    /** {@code %j} job number, {@code %b} bulk index ({@code .N} for our own per-task files), {@code %n} name. */
    @Override
    public String logPath(String pattern, String jobName, JobId id, String user, Optional<String> rawTaskId) {
        String bulk = id.arrayIndex().map(String::valueOf).orElse("");
        return pattern.replace("stdout%b", "stdout" + (bulk.isEmpty() ? "" : "." + bulk))
                .replace("stderr%b", "stderr" + (bulk.isEmpty() ? "" : "." + bulk))
                .replace("%j", number(id))
                .replace("%b", bulk)
                .replace("%n", BatchScripts.safeName(jobName));
    }
}
