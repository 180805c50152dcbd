package org.hpckernel.cluster.pbs;

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
import java.util.stream.Collectors;

/**
 * PBS Pro / OpenPBS: {@code qsub} answers {@code 123.server}, kept whole; arrays {@code -J} give
 * {@code 123[].server} with tasks {@code 123[4].server}. Status is {@code qstat -t -f -F json -x}
 * (finished jobs need the server's job history), falling back to the brief {@code qstat -t -x}
 * where JSON is not there, and the exit files; {@code qdel} cancels.
 */
public final class PbsScheduler implements Scheduler {

    static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final Transport transport;

    public PbsScheduler(Transport transport) {
        this.transport = transport;
    }

    @Override
    public String name() {
        return "pbs";
    }

    @Override
    public String render(JobSpec spec, JobDirectory dir) {
        List<String> d = new ArrayList<>();
        d.add("#PBS -N " + BatchScripts.safeName(spec.name()));
        String task = spec.array().isPresent() ? ".^array_index^" : "";
        d.add("#PBS -o " + spec.stdout().map(o -> BatchScripts.plainValue("--output", o)).orElse(BatchScripts.pathValue(dir.logs() + "/stdout" + task)));
        d.add("#PBS -e " + spec.stderr().map(o -> BatchScripts.plainValue("--error", o)).orElse(BatchScripts.pathValue(dir.logs() + "/stderr" + task)));
        d.addAll(resourceLines(spec));
        spec.partition().ifPresent(q -> d.add("#PBS -q " + BatchScripts.plainValue("--partition (queue)", q)));
        spec.account().ifPresent(a -> d.add("#PBS -A " + BatchScripts.plainValue("--account", a)));
        spec.array().ifPresent(a -> d.add("#PBS -J " + a.first() + "-" + a.last() + (a.step() > 1 ? ":" + a.step() : "")
                + a.throttle().map(k -> "%" + k).orElse("")));
        if (!spec.dependencies().isEmpty()) {
            d.add("#PBS -W depend=" + spec.dependencies().stream().map(PbsScheduler::depend).collect(Collectors.joining(",")));
        }
        return JobScript.render(spec, dir, d, "#PBS");
    }

    /**
     * The {@code -l} lines: the user's own {@code #PBS -l} resources (like {@code nodes=2:ppn=2},
     * {@code mem=2G}) merged with the spec's, the spec winning per resource name. They are all
     * rendered here because the shared template keeps a user directive only when we do not set the
     * same option, and every resource is the same option {@code -l}.
     */
    static List<String> resourceLines(JobSpec spec) {
        Map<String, String> l = new LinkedHashMap<>(userResources(spec.script()));
        JobSpec.Resources r = spec.resources();
        boolean asked = r.nodes().isPresent() || r.tasks().isPresent() || r.cpusPerTask().isPresent() || r.gpus().isPresent()
                || r.memory().isPresent();
        if (asked || (!l.containsKey("select") && !l.containsKey("nodes"))) {
            int nodes = r.nodes().orElse(1);
            int cpus = Math.max(1, r.tasks().orElse(1) / nodes) * r.cpusPerTask().orElse(1);
            StringBuilder select = new StringBuilder(nodes + ":ncpus=" + cpus);
            r.tasks().ifPresent(t -> select.append(":mpiprocs=").append(Math.max(1, t / nodes)));
            r.gpus().ifPresent(g -> select.append(":ngpus=").append(g.count()));
            r.memory().ifPresent(m -> select.append(":mem=").append(pbsSize(BatchScripts.plainValue("--mem", m))));
            if (asked) {
                l.remove("nodes");   // select and the old nodes= cannot be mixed
                l.remove("mem");
            }
            l.put("select", select.toString());
        }
        r.timeLimit().ifPresent(t -> l.put("walltime", BatchScripts.hms(t)));
        List<String> lines = new ArrayList<>();
        l.forEach((k, v) -> lines.add("#PBS -l " + k + "=" + v));
        return lines;
    }

    /** {@code #PBS -l a=1,b=2} lines of the user's script, by resource name. */
    static Map<String, String> userResources(String script) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : JobScript.userDirectives(script, "#PBS")) {
            String rest = line.substring(4).strip();
            if (!rest.startsWith("-l")) {
                continue;
            }
            for (String item : rest.substring(2).strip().split(",")) {
                int eq = item.indexOf('=');
                if (eq > 0) {
                    out.put(item.substring(0, eq).strip(), item.substring(eq + 1).strip());
                }
            }
        }
        return out;
    }

    /**
     * A user's {@code #PBS} lines read into job fields: {@code -N} name, {@code -q} queue,
     * {@code -l nodes=N:ppn=P} or {@code select=N:ncpus=C}, {@code mem}, {@code walltime}, {@code -J} array.
     */
    public static JobSpec.Builder readDirectives(JobSpec.Builder b, String script) {
        for (String line : JobScript.userDirectives(script, "#PBS")) {
            String[] w = line.substring(4).strip().split("\\s+", 2);
            if (w.length < 2) {
                continue;
            }
            switch (w[0]) {
                case "-N" -> b.name(w[1]);
                case "-q" -> b.partition(w[1]);
                case "-A" -> b.account(w[1]);
                case "-J" -> b.array(JobSpec.ArraySpec.parse(w[1]));
                default -> { }
            }
        }
        Map<String, String> l = userResources(script);
        String chunk = l.getOrDefault("select", l.get("nodes"));
        if (chunk != null) {
            String[] parts = chunk.split(":");
            BatchScripts.parseInt(parts[0]).ifPresent(b::nodes);
            for (String p : parts) {
                String[] kv = p.split("=");
                if (kv.length == 2 && (kv[0].equals("ppn") || kv[0].equals("ncpus"))) {
                    BatchScripts.parseInt(kv[1]).ifPresent(b::cpusPerTask);
                } else if (kv.length == 2 && kv[0].equals("mem")) {
                    b.memory(kv[1]);
                } else if (kv.length == 2 && kv[0].equals("ngpus")) {
                    BatchScripts.parseInt(kv[1]).ifPresent(g -> b.gpus(new JobSpec.Gpus(java.util.Optional.empty(), g)));
                }
            }
        }
        if (l.containsKey("mem")) {
            b.memory(l.get("mem"));
        }
        if (l.containsKey("walltime")) {
            String[] t = l.get("walltime").split(":");
            long secs = 0;
            for (String x : t) {
                secs = secs * 60 + Long.parseLong(x.strip());
            }
            b.timeLimit(Duration.ofSeconds(secs));
        }
        return b;
    }

    /** {@code afterok:ID}; an array parent {@code 123[].server} needs {@code afterokarray}. */
    static String depend(JobSpec.Dependency dep) {
        String id = BatchScripts.plainValue("a dependency", dep.job().value());
        String kind = dep.kind() == JobSpec.Dependency.Kind.AFTER_OK ? "afterok" : "afterany";
        return kind + (id.contains("[]") ? "array" : "") + ":" + id;
    }

    /** PBS sizes are {@code 2gb}, {@code 512mb}: Slurm-style {@code 2G} becomes {@code 2gb}. */
    static String pbsSize(String m) {
        String s = m.strip().toLowerCase(java.util.Locale.ROOT);
        return s.matches("\\d+[kmgt]") ? s + "b" : s;
    }

    @Override
    public JobId submit(JobSpec spec, JobDirectory dir) throws IOException {
        String script = render(spec, dir);
        transport.write(dir.userScript(), JobScript.userScript(spec).getBytes(StandardCharsets.UTF_8), 0755);
        transport.write(dir.script(), script.getBytes(StandardCharsets.UTF_8), 0755);
        ExecResult r = transport.execIdempotent(submitCommand(spec, dir), TIMEOUT);
        if (!r.ok()) {
            throw new SubmitFailed("PBS (qsub)", r.stderr().isBlank() ? r.stdout() : r.stderr(), adviceFor(r.stderr()));
        }
        return parseSubmitted(r.stdout());
    }

    static String submitCommand(JobSpec spec, JobDirectory dir) {
        List<String> folders = new ArrayList<>(List.of(dir.logs()));
        spec.workingDirectory().ifPresent(folders::add);
        String receipt = Shell.quote(dir.receipt());
        return "mkdir -p " + folders.stream().map(BatchScripts::quotePath).collect(Collectors.joining(" "))
                + " && cd " + Shell.quote(dir.path()) + " && if [ -s " + receipt + " ]; then cat " + receipt
                + "; else qsub " + Shell.quote(dir.script()) + " > " + receipt + ".tmp && mv " + receipt + ".tmp " + receipt
                + " && cat " + receipt + "; fi";
    }

    /** The whole id, server part included: {@code 123.server} or {@code 123[].server}. */
    static JobId parseSubmitted(String out) {
        String id = out.strip().lines().reduce((a, b) -> b).orElse("").strip();
        if (!id.matches("\\d+(\\[\\])?(\\.[A-Za-z0-9._-]+)?")) {
            throw new SubmitFailed("PBS (qsub)", "unexpected answer '" + out.strip() + "'", "");
        }
        return JobId.of(id);
    }

    private static String adviceFor(String stderr) {
        String s = stderr.toLowerCase(java.util.Locale.ROOT);
        if (s.contains("unknown queue")) {
            return "Check the queue name: `qstat -Q` on the cluster lists them; set --partition.";
        }
        if (s.contains("exceeds") || s.contains("limit")) {
            return "The request is above a queue or server limit (walltime, ncpus, mem): ask for less or another queue.";
        }
        if (s.contains("unknown resource")) {
            return "A resource (ngpus, mem) is not defined on this server: `qstat -Bf` shows the resources it knows.";
        }
        return "Check the options; `%%hpc submit --dry-run` shows the script that was sent.";
    }

    @Override
    public Map<JobId, JobStatus> poll(Map<JobId, JobDirectory> jobs) throws IOException {
        return jobs.isEmpty() ? new LinkedHashMap<>() : org.hpckernel.cluster.StatusCall.run(transport, pollCommand(jobs), TIMEOUT, jobs, PbsStatusParser::parse);
    }

    /** JSON for all ids at once; the brief listing when this PBS has no JSON output; then the exit files. */
    static String pollCommand(Map<JobId, JobDirectory> jobs) {
        String ids = jobs.keySet().stream().map(j -> Shell.quote(j.arrayParent().value())).distinct().collect(Collectors.joining(" "));
        return "_o=$(qstat -t -f -F json -x " + ids + " 2>&1); _rc=$?; "
                + "case \"$_o\" in *'\"Jobs\"'*) printf '%s\\n' \"$_o\"; echo \"@@json $_rc\";; "
                + "*) printf '%s\\n' \"$_o\" | sed 's/^/@@err /'; qstat -t -x " + ids + " 2>&1; echo \"@@brief $?\";; esac; "
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
        return "qdel " + ids.stream().map(j -> Shell.quote(j.value())).collect(Collectors.joining(" "));
    }

    @Override
    public LogChunk logs(JobId id, JobDirectory dir, boolean stderr, long offset) throws IOException {
        String script = new String(transport.read(dir.script(), 0, 1 << 20), StandardCharsets.UTF_8);
        String pattern = BatchScripts.directive(script, "#PBS", stderr ? "-e" : "-o")
                .orElseThrow(() -> new IOException("no job script in " + dir.path() + ": was it submitted from this profile?"));
        String path = pattern.replace("^array_index^", id.arrayIndex().map(String::valueOf).orElse(""));
        if (!path.startsWith("/")) {
            path = (path.startsWith("~/") ? transport.home() + path.substring(1) : dir.path() + "/" + path);
        }
        return LogChunk.decode(transport.read(path, offset, LOG_CHUNK_BYTES), offset);
    }
}
