package org.hpckernel.cluster.slurm;

import org.hpckernel.cluster.ExecResult;
import org.hpckernel.cluster.ExitFiles;
import org.hpckernel.cluster.JobDirectory;
import org.hpckernel.cluster.JobId;
import org.hpckernel.cluster.JobScript;
import org.hpckernel.cluster.JobSpec;
import org.hpckernel.cluster.JobState;
import org.hpckernel.cluster.JobStatus;
import org.hpckernel.cluster.LogPaths;
import org.hpckernel.cluster.Scheduler;
import org.hpckernel.cluster.Shell;
import org.hpckernel.cluster.StatusCall;
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
 * Slurm: {@code sbatch --parsable} to submit, {@code sacct -X --parsable2} for states (with
 * {@code squeue} for what accounting does not have yet and the exit files for the rest, all in one
 * remote call), {@code scancel}. Never fixed-width output, never {@code --json} on the hot path.
 */
public final class SlurmScheduler implements Scheduler {

    /** sbatch can block for minutes when the controller is full (MaxJobCount); we stop waiting sooner. */
    static final Duration SUBMIT_TIMEOUT = Duration.ofSeconds(60);
    static final Duration QUERY_TIMEOUT = Duration.ofSeconds(60);

    private final Transport transport;

    public SlurmScheduler(Transport transport) {
        this.transport = transport;
    }

    @Override
    public String name() {
        return "slurm";
    }

    @Override
    public String render(JobSpec spec, JobDirectory dir) {
        List<String> d = new ArrayList<>();
        d.add("#SBATCH --job-name=" + directiveValue(spec.name()));
        String arraySuffix = spec.array().isPresent() ? "%A_%a" : "%j";
        d.add("#SBATCH --output=" + directiveValue(spec.stdout().orElse(dir.logs() + "/%x-" + arraySuffix + ".out")));
        d.add("#SBATCH --error=" + directiveValue(spec.stderr().orElse(dir.logs() + "/%x-" + arraySuffix + ".err")));
        spec.resources().nodes().ifPresent(n -> d.add("#SBATCH --nodes=" + n));
        spec.resources().tasks().ifPresent(n -> d.add("#SBATCH --ntasks=" + n));
        spec.resources().cpusPerTask().ifPresent(n -> d.add("#SBATCH --cpus-per-task=" + n));
        spec.resources().gpus().ifPresent(g -> d.add("#SBATCH --gpus=" + directiveValue(g.toString())));
        spec.resources().memory().ifPresent(m -> d.add("#SBATCH --mem=" + directiveValue(m)));
        spec.resources().timeLimit().ifPresent(t -> d.add("#SBATCH --time=" + slurmTime(t)));
        spec.partition().ifPresent(p -> d.add("#SBATCH --partition=" + directiveValue(p)));
        spec.account().ifPresent(a -> d.add("#SBATCH --account=" + directiveValue(a)));
        spec.qos().ifPresent(q -> d.add("#SBATCH --qos=" + directiveValue(q)));
        spec.array().ifPresent(a -> d.add("#SBATCH --array=" + a));
        if (!spec.dependencies().isEmpty()) {
            d.add("#SBATCH --dependency=" + spec.dependencies().stream()
                    .map(dep -> (dep.kind() == JobSpec.Dependency.Kind.AFTER_OK ? "afterok:" : "afterany:") + dep.job().value())
                    .collect(Collectors.joining(",")));
        }
        spec.workingDirectory().ifPresent(wd -> d.add("#SBATCH --chdir=" + directiveValue(wd)));
        return JobScript.render(spec, dir, d, "#SBATCH");
    }

    /** Directives are not read by a shell, but a newline would end one and start another. */
    private static String directiveValue(String value) {
        if (value.contains("\n") || value.contains("\r")) {
            throw new IllegalArgumentException("a job option cannot contain a line break: " + value.replace("\n", "\\n"));
        }
        return value.contains(" ") ? "\"" + value.replace("\"", "") + "\"" : value;
    }

    static String slurmTime(Duration t) {
        long minutes = Math.max(1, (t.getSeconds() + 59) / 60);
        long days = minutes / (24 * 60);
        long hours = (minutes / 60) % 24;
        long mins = minutes % 60;
        return days > 0 ? String.format("%d-%02d:%02d:00", days, hours, mins) : String.format("%02d:%02d:00", hours, mins);
    }

    @Override
    public JobId submit(JobSpec spec, JobDirectory dir) throws IOException {
        String script = render(spec, dir);
        transport.write(dir.userScript(), JobScript.userScript(spec).getBytes(StandardCharsets.UTF_8), 0755);
        transport.write(dir.script(), script.getBytes(StandardCharsets.UTF_8), 0755);
        List<String> folders = new ArrayList<>(List.of(dir.logs()));
        spec.workingDirectory().ifPresent(folders::add);
        for (String pattern : new String[] {spec.stdout().orElse(""), spec.stderr().orElse("")}) {
            String folder = LogPaths.folder(pattern);
            if (!folder.isEmpty()) {
                // Slurm fails a job (0:53) whose output folder is missing; relative ones start at the working folder
                folders.add(folder.startsWith("/") || folder.startsWith("~") ? folder : spec.workingDirectory().orElse(dir.path()) + "/" + folder);
            }
        }
        String cd = spec.workingDirectory().map(wd -> "cd " + quoteDir(wd) + " && ").orElse("cd " + Shell.quote(dir.path()) + " && ");
        String mkdirs = "mkdir -p " + folders.stream().map(SlurmScheduler::quoteDir).collect(Collectors.joining(" "));
        // The receipt makes a retried submit read the first id instead of submitting again.
        String receipt = Shell.quote(dir.receipt());
        String command = mkdirs + " && " + cd + "if [ -s " + receipt + " ]; then cat " + receipt + "; else sbatch --parsable "
                + Shell.quote(dir.script()) + " > " + receipt + ".tmp && mv " + receipt + ".tmp " + receipt + " && cat " + receipt
                + "; fi";
        ExecResult r = transport.execIdempotent(command, SUBMIT_TIMEOUT);
        if (!r.ok()) {
            throw new SubmitFailed("Slurm (sbatch)", r.stderr().isBlank() ? r.stdout() : r.stderr(), adviceFor(r.stderr()));
        }
        String id = r.stdout().strip().split(";")[0];
        if (!id.matches("\\d+")) {
            throw new SubmitFailed("Slurm (sbatch)", "unexpected answer '" + r.stdout().strip() + "'", "");
        }
        return JobId.of(id);
    }

    private static String quoteDir(String dir) {
        return dir.startsWith("~/") ? "\"$HOME\"/" + Shell.quote(dir.substring(2)) : Shell.quote(dir);
    }

    private static String adviceFor(String stderr) {
        String s = stderr.toLowerCase(java.util.Locale.ROOT);
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
        if (s.contains("temporarily unable") || s.contains("resource temporarily unavailable")) {
            return "The controller is busy or full (MaxJobCount): wait and submit again, or submit fewer jobs as one array.";
        }
        return "Check the options; `%%hpc submit --dry-run` shows the script that was sent.";
    }

    @Override
    public Map<JobId, JobStatus> poll(Map<JobId, JobDirectory> jobs) throws IOException {
        Map<JobId, JobStatus> result = new LinkedHashMap<>();
        if (jobs.isEmpty()) {
            return result;
        }
        String ids = jobs.keySet().stream().map(j -> j.arrayParent().value()).distinct().collect(Collectors.joining(","));
        // One remote call: squeue (milliseconds) first, sacct (a slurmdbd round trip, ~70 ms) only for
        // the jobs that already left the queue, then the exit files.
        StringBuilder command = new StringBuilder();
        // Few processes: every fork costs about a millisecond on a login node, and this runs every cycle.
        command.append("q=$(squeue -h -r -t all -u \"${USER:-$(id -un)}\" -o '%i|%j|%T|%r' 2>&1); qs=$?; printf '%s\\n' \"$q\"; ");
        command.append("echo \"@@squeue $qs\"; ");
        command.append("missing=$(printf '%s\\n' \"$q\" | awk -F'|' -v ids=").append(Shell.quote(ids))
                .append(" 'BEGIN{n=split(ids,a,\",\")} {split($1,p,\"_\"); seen[p[1]]=1} END{for(i=1;i<=n;i++) if(!(a[i] in seen)) printf \"%s,\", a[i]}'); ");
        command.append("if [ -n \"$missing\" ]; then sacct -X -P -n -o JobID,JobName,State,ExitCode,Reason -j \"${missing%,}\" 2>&1; echo \"@@sacct $?\"; fi; ");
        command.append(ExitFiles.shellFragment(jobs.values()));
        return StatusCall.run(transport, command.toString(), QUERY_TIMEOUT, jobs, SlurmStatusParser::parse);
    }

    @Override
    public void cancel(Collection<JobId> ids) throws IOException {
        if (ids.isEmpty()) {
            return;
        }
        String list = ids.stream().map(j -> Shell.quote(j.value())).collect(Collectors.joining(" "));
        ExecResult r = transport.exec("scancel " + list, QUERY_TIMEOUT);
        if (!r.ok()) {
            throw new IOException("scancel failed: " + r.stderr().strip());
        }
    }

    /** Reads the log whose pattern the job's own script names, so it works after a restart too. */
    @Override
    public LogChunk logs(JobId id, JobDirectory dir, boolean stderr, long offset) throws IOException {
        String script = new String(transport.read(dir.script(), 0, 1 << 20), StandardCharsets.UTF_8);
        String pattern = JobScript.directive(script, "#SBATCH", stderr ? "--error" : "--output")
                .orElseThrow(() -> new IOException("no job script in " + dir.path() + ": was it submitted from this profile?"));
        String name = JobScript.directive(script, "#SBATCH", "--job-name").orElse("job");
        String path = LogPaths.resolve(pattern, name, id, "");
        if (!path.startsWith("/") && !path.startsWith("~")) {
            path = JobScript.directive(script, "#SBATCH", "--chdir").orElse(dir.path()) + "/" + path;
        }
        path = transport.expandHome(path);
        return LogChunk.decode(transport.read(path, offset, LOG_CHUNK_BYTES), offset);
    }

    static Optional<String> exitFileIndex(String file) {
        int dot = file.lastIndexOf("/exit.");
        return dot < 0 ? Optional.empty() : Optional.of(file.substring(dot + 6));
    }
}
