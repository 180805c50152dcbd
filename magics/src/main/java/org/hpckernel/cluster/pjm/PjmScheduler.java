package org.hpckernel.cluster.pjm;

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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Fujitsu TCS / PJM as HPC-Ops drives it on Genkai:
 * {@code pjsub -L rscgrp=…,node=…,vnode-core=…,gpu=…,elapse=… -j -o LOG SCRIPT}; bulk jobs
 * {@code --bulk --sparam FIRST-LAST} with sub-jobs {@code 123[4]}; {@code pjstat} and
 * {@code pjstat -H} read by column names; {@code pjdel}. The job writes its own stdout and stderr
 * into the job directory, so logs do not depend on PJM's file naming.
 */
public final class PjmScheduler implements Scheduler {

    static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final Pattern SUBMITTED = Pattern.compile("Job (\\d+) submitted");

    private final Transport transport;

    public PjmScheduler(Transport transport) {
        this.transport = transport;
    }

    @Override
    public String name() {
        return "pjm";
    }

    /** The {@code -L} list: {@code rscgrp} from the partition, {@code node}, {@code vnode-core}, {@code gpu}, {@code elapse}. */
    static String resources(JobSpec spec) {
        List<String> l = new ArrayList<>();
        spec.partition().ifPresent(p -> l.add("rscgrp=" + BatchScripts.plainValue("--partition (rscgrp)", p)));
        JobSpec.Resources r = spec.resources();
        r.nodes().ifPresent(n -> l.add("node=" + n));
        if (r.cpusPerTask().isPresent() || r.tasks().isPresent()) {
            l.add("vnode-core=" + r.cpusPerTask().orElse(1) * r.tasks().orElse(1));
        }
        r.gpus().ifPresent(g -> l.add("gpu=" + g.count()));
        r.timeLimit().ifPresent(t -> l.add("elapse=" + BatchScripts.hms(t)));
        return String.join(",", l);
    }

    /** pjsub's options, the same on the command line and as {@code #PJM} lines in the script. */
    static List<String> options(JobSpec spec, JobDirectory dir) {
        List<String> o = new ArrayList<>();
        String l = resources(spec);
        if (!l.isEmpty()) {
            o.add("-L " + l);
        }
        o.add("-N " + BatchScripts.safeName(spec.name()));
        spec.account().ifPresent(g -> o.add("-g " + BatchScripts.plainValue("--account (group)", g)));
        o.add("-j");
        o.add("-o " + BatchScripts.pathValue(dir.logs()) + "/pjm" + (spec.array().isPresent() ? ".%b" : "") + ".out");
        spec.array().ifPresent(a -> {
            if (a.step() > 1) {
                throw new IllegalArgumentException("PJM bulk jobs take a plain range FIRST-LAST, not a step: " + a);
            }
            o.add("--bulk --sparam " + a.first() + "-" + a.last());
        });
        if (spec.dependencies().size() > 1) {
            throw new IllegalArgumentException("PJM runs a job after ONE other (a step job); this job names " + spec.dependencies().size());
        }
        spec.dependencies().forEach(d -> o.add("--step --sparam jid=" + number(d.job())
                + (d.kind() == JobSpec.Dependency.Kind.AFTER_OK ? ",sd=ec!=0:all" : "")));
        return o;
    }

    @Override
    public String render(JobSpec spec, JobDirectory dir) {
        List<String> d = options(spec, dir).stream().map(o -> "#PJM " + o).toList();
        String script = JobScript.render(spec, dir, d, "#PJM");
        // the job keeps its own stdout/stderr in the job directory (PJM's -o file gets PJM's messages)
        return script.replaceFirst("(?m)^(export HPC_ARRAY_TASK_ID\n)",
                "$1mkdir -p \"\\$HPC_JOB_DIR/logs\"; exec >> \"\\$HPC_JOB_DIR/logs/stdout\\$_hpc_sfx\" 2>> \"\\$HPC_JOB_DIR/logs/stderr\\$_hpc_sfx\"\n");
    }

    @Override
    public JobId submit(JobSpec spec, JobDirectory dir) throws IOException {
        String script = render(spec, dir);
        transport.write(dir.userScript(), JobScript.userScript(spec).getBytes(StandardCharsets.UTF_8), 0755);
        transport.write(dir.script(), script.getBytes(StandardCharsets.UTF_8), 0755);
        ExecResult r = transport.execIdempotent(submitCommand(spec, dir), TIMEOUT);
        if (!r.ok()) {
            throw new SubmitFailed("PJM (pjsub)", r.stderr().isBlank() ? r.stdout() : r.stderr(),
                    "Check the resource group (rscgrp), node and elapse against the centre's limits; `pjstat --rsc` lists resource groups.");
        }
        return parseSubmitted(r.stdout());
    }

    static String submitCommand(JobSpec spec, JobDirectory dir) {
        String receipt = Shell.quote(dir.receipt());
        String pjsub = "pjsub " + options(spec, dir).stream().map(PjmScheduler::quoteOption).collect(Collectors.joining(" "))
                + " " + Shell.quote(dir.script());
        return "mkdir -p " + BatchScripts.quotePath(dir.logs()) + " && cd " + Shell.quote(dir.path()) + " && if [ -s " + receipt
                + " ]; then cat " + receipt + "; else " + pjsub + " > " + receipt + ".tmp && mv " + receipt + ".tmp " + receipt
                + " && cat " + receipt + "; fi";
    }

    /** {@code -L a=1,b=2} as {@code -L 'a=1,b=2'}: each option's value is one quoted word. */
    private static String quoteOption(String option) {
        String[] words = option.split(" ");
        StringBuilder s = new StringBuilder();
        for (String w : words) {
            s.append(s.length() == 0 ? "" : " ").append(w.startsWith("-") ? w : Shell.quote(w));
        }
        return s.toString();
    }

    /** {@code [INFO] PJM 0000 pjsub Job 12345 submitted.} gives {@code 12345}. */
    static JobId parseSubmitted(String out) {
        Matcher m = SUBMITTED.matcher(out);
        if (!m.find()) {
            throw new SubmitFailed("PJM (pjsub)", "unexpected answer '" + out.strip() + "'", "");
        }
        return JobId.of(m.group(1));
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

    @Override
    public Map<JobId, JobStatus> poll(Map<JobId, JobDirectory> jobs) throws IOException {
        return jobs.isEmpty() ? new LinkedHashMap<>() : org.hpckernel.cluster.StatusCall.run(transport, pollCommand(jobs), TIMEOUT, jobs, PjmStatusParser::parse);
    }

    /** One call for all: the live jobs, the finished ones (-H), then the exit files. */
    static String pollCommand(Map<JobId, JobDirectory> jobs) {
        String ids = jobs.keySet().stream().map(PjmScheduler::number).distinct().collect(Collectors.joining(" "));
        return "pjstat -E " + ids + " 2>&1; echo \"@@pjstat $?\"; pjstat -H -E " + ids + " 2>&1; echo \"@@pjstat-H $?\"; "
                + ExitFiles.shellFragment(jobs.values());
    }

    @Override
    public void cancel(Collection<JobId> ids) throws IOException {
        if (ids.isEmpty()) {
            return;
        }
        BatchScripts.runCancel(transport, cancelCommand(ids), TIMEOUT);
    }

    static String cancelCommand(Collection<JobId> ids) {
        return "pjdel " + ids.stream().map(id -> {
            number(id);
            return Shell.quote(id.value());
        }).collect(Collectors.joining(" "));
    }

    @Override
    public LogChunk logs(JobId id, JobDirectory dir, boolean stderr, long offset) throws IOException {
        String path = dir.logs() + "/" + (stderr ? "stderr" : "stdout") + id.arrayIndex().map(i -> "." + i).orElse("");
        return LogChunk.decode(transport.read(path, offset, LOG_CHUNK_BYTES), offset);
    }
}
