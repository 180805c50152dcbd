package org.hpckernel.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The parts of a job script that are the same for every scheduler: directives first, then the job
 * directory's variables, the exit-file trap, environment, modules, working folder, and the user's
 * script run from its own file (inside a container when asked). Every value goes through
 * {@link Shell#quote}.
 */
public final class JobScript {

    /** The array index under any scheduler (Slurm, PBS, Grid Engine, PJM bulk, local). */
    static final String TASK_ID =
            "${SLURM_ARRAY_TASK_ID:-${PBS_ARRAY_INDEX:-${SGE_TASK_ID:-${PJM_BULKNUM:-${HPC_ARRAY_TASK_ID:-}}}}}";

    private static final Pattern SHEBANG = Pattern.compile("\\A#!([^\\n]*)");

    private JobScript() {}

    /**
     * The job script for a batch system: our directives for every setting of {@code spec}, then the
     * script's own lines of that system which the job model does not hold, kept as written. Another
     * system's lines were read into {@code spec} when it was built; one with no translation is refused.
     */
    public static String render(JobSpec spec, JobDirectory dir, BatchSystem system, String token) {
        if (spec.chain().isPresent() && system.cancelLaterLinksCommand().isEmpty()) {
            throw new IllegalArgumentException(
                    "--chain runs the links as an array throttled to one task at a time, which "
                            + system.displayName()
                            + " cannot do: its arrays have no throttle (all tasks may run at once). "
                            + "Submit the links one by one instead, each with --after afterany:ID of the one before, resuming from a state file.");
        }
        ScriptDirectives own = ScriptDirectives.read(spec.script());
        own.requireTranslatable(system);
        spec = own.perTaskLogs(system, spec);
        List<String> lines = new ArrayList<>(
                system.directives(JobFields.without(spec, own.heldByKeptLines(system, spec)), dir, token));
        lines.addAll(own.kept(system, spec));
        return render(
                spec,
                dir,
                lines,
                preamble(spec, system, own),
                system.cancelLaterLinksCommand().orElse(":"));
    }

    /** The system's own lines, then the variables of the other systems the script was written for. */
    private static String preamble(JobSpec spec, BatchSystem system, ScriptDirectives own) {
        StringBuilder preamble = new StringBuilder(system.scriptPreamble(spec));
        for (BatchSystem other : own.writtenFor(system)) {
            preamble.append("# the variables a script written for ")
                    .append(other.name())
                    .append(" reads\n")
                    .append(other.emulatedEnvironment());
        }
        return preamble.toString();
    }

    /**
     * The script an attached run ({@code srun}, {@code qrsh}) starts: the same environment, modules,
     * container and exit file as a batch job's, without directives (the run's command line carries
     * the resources). What such a run cannot do is refused rather than dropped: arrays, dependencies,
     * and the script's own directive lines that no run option holds.
     */
    public static String renderForRun(JobSpec spec, JobDirectory dir, BatchSystem system) {
        if (spec.array().isPresent()) {
            throw new IllegalArgumentException(
                    "An attached run is one job, not an array: use %%hpc submit --array (or %%hpc sweep) for arrays.");
        }
        if (!spec.dependencies().isEmpty()) {
            throw new IllegalArgumentException(
                    "An attached run starts now and cannot wait for other jobs: use %%hpc submit --after, "
                            + "or run this cell once they have ended (%hpc wait ID).");
        }
        ScriptDirectives own = ScriptDirectives.read(spec.script());
        own.requireTranslatable(system);
        List<String> unheld = own.readings().stream()
                .filter(r ->
                        r.system().name().equals(system.name()) && r.meaning().isEmpty())
                .map(r -> "  line " + r.directive().lineNumber() + ": "
                        + r.directive().line())
                .toList();
        if (!unheld.isEmpty()) {
            throw new IllegalArgumentException("An attached run reads no " + system.directivePrefix()
                    + " lines itself, and these have no " + "%%hpc run option:\n" + String.join("\n", unheld)
                    + "\nRemove them, or submit the cell as a batch job with %%hpc submit.");
        }
        return render(spec, dir, List.of(), preamble(spec, system, own), ":");
    }

    /** The job script with these directive lines (the local executor's notes, or a batch system's). */
    public static String render(JobSpec spec, JobDirectory dir, List<String> directives, String preamble) {
        return render(spec, dir, directives, preamble, ":");
    }

    /**
     * The job script; {@code cancelLaterLinks} is the shell command a chain's link runs to cancel the
     * links after it (see {@link ChainScript}).
     */
    public static String render(
            JobSpec spec, JobDirectory dir, List<String> directives, String preamble, String cancelLaterLinks) {
        StringBuilder s = new StringBuilder("#!/bin/bash\n");
        for (String d : directives) {
            s.append(d).append('\n');
        }
        s.append("# --- hpc-kernel: job directory, exit file, environment ---\n");
        s.append("export HPC_JOB_DIR=").append(Shell.quote(dir.path())).append('\n');
        s.append("HPC_ARRAY_TASK_ID=\"").append(TASK_ID).append("\"\n");
        s.append(
                "_hpc_job=\"${SLURM_JOB_ID:-${PBS_JOBID:-${JOB_ID:-${PJM_JOBID:-}}}}\" _hpc_name=\"${SLURM_JOB_NAME:-${PBS_JOBNAME:-${JOB_NAME:-${PJM_JOBNAME:-}}}}\" "
                        + "_hpc_submit=\"${SLURM_SUBMIT_DIR:-${PBS_O_WORKDIR:-${SGE_O_WORKDIR:-${PJM_O_WORKDIR:-$PWD}}}}\"\n");
        s.append(preamble);
        s.append("_hpc_sfx=\"${HPC_ARRAY_TASK_ID:+.$HPC_ARRAY_TASK_ID}\"\n");
        s.append("export HPC_ARRAY_TASK_ID\n");
        s.append(
                "export HPC_METRICS=\"$HPC_JOB_DIR/metrics$_hpc_sfx.jsonl\" HPC_SUMMARY=\"$HPC_JOB_DIR/summary$_hpc_sfx.json\"\n");
        s.append("export HPC_RESULT=\"$HPC_JOB_DIR/result$_hpc_sfx.json\" HPC_PARAMS=\"$HPC_JOB_DIR/params.json\"\n");
        // the start file names the job as the scheduler knows it: the task's own id (Slurm's %j) and host
        s.append("_hpc_start=$(date +%s) _hpc_limit=")
                .append(spec.resources()
                        .timeLimit()
                        .map(java.time.Duration::toSeconds)
                        .orElse(0L))
                .append(" _hpc_grace=")
                .append(ExitFiles.lateStartGrace(spec.resources()
                        .timeLimit()
                        .map(java.time.Duration::toSeconds)
                        .orElse(0L)))
                .append(" _hpc_host=$(hostname)\n");
        s.append("printf '{\"id\":\"%s\",\"host\":\"%s\",\"start\":%s}\\n' \"$_hpc_job\" "
                + "\"$_hpc_host\" \"$_hpc_start\" > \"$HPC_JOB_DIR/started$_hpc_sfx\"\n");
        // The trap records how the job ended even when accounting is late or off; elapsed and limit
        // tell a time limit's SIGTERM from a cancel.
        s.append("_hpc_signal=0\n");
        s.append("trap '_hpc_signal=15; exit 143' TERM\n");
        s.append(
                "trap '_hpc_rc=$?; printf \"{\\\"exit_code\\\":%d,\\\"signal\\\":%d,\\\"end\\\":\\\"%s\\\",\\\"host\\\":\\\"%s\\\",\\\"elapsed\\\":%d,\\\"limit\\\":%d}\\n\" "
                        + "\"$_hpc_rc\" \"$_hpc_signal\" \"$(date -u +%Y-%m-%dT%H:%M:%SZ)\" \"$_hpc_host\" \"$(( $(date +%s) - _hpc_start ))\" \"$_hpc_limit\" "
                        + "> \"$HPC_JOB_DIR/exit$_hpc_sfx.tmp\" && mv \"$HPC_JOB_DIR/exit$_hpc_sfx.tmp\" \"$HPC_JOB_DIR/exit$_hpc_sfx\""
                        + (spec.chain().isPresent() ? ChainScript.inExitTrap() : "") + "' EXIT\n");
        spec.chain().ifPresent(links -> s.append(ChainScript.definitions(links, cancelLaterLinks)));
        // secrets travel in a 0600 file of the job directory; the script names none of them
        s.append("if [ -r \"$HPC_JOB_DIR/")
                .append(Secrets.FILE_NAME)
                .append("\" ]; then . \"$HPC_JOB_DIR/")
                .append(Secrets.FILE_NAME)
                .append("\"; fi\n");
        for (Map.Entry<String, String> e : spec.environment().entrySet()) {
            if (!e.getKey().matches("[A-Za-z_][A-Za-z0-9_]*")) {
                throw new IllegalArgumentException("'" + e.getKey() + "' is not a valid environment variable name");
            }
            s.append("export ")
                    .append(e.getKey())
                    .append('=')
                    .append(Shell.quote(e.getValue()))
                    .append('\n');
        }
        for (String module : spec.modules()) {
            s.append("module load ").append(Shell.quote(module)).append('\n');
        }
        spec.workingDirectory()
                .ifPresent(wd -> s.append("cd ").append(quotePath(wd)).append(" || exit 1\n"));
        spec.chain().ifPresent(links -> s.append(ChainScript.beforeScript()));
        s.append("# --- the user's script ---\n");
        String run = "\"$HPC_JOB_DIR/user-script\"";
        if (spec.container().isPresent()) {
            JobSpec.Container c = spec.container().get();
            // quotePath: an image under ~/ must still be found (a quoted ~ is a folder named "~")
            run = Shell.quote(c.runtime()) + " exec " + (c.nvidia() ? "--nv " : "") + quotePath(c.image()) + " " + run;
        }
        s.append(run).append("\n");
        s.append("exit $?\n");
        return s.toString();
    }

    /** The user's script as stored beside the job script: a shebang is kept, bash is the default. */
    public static String userScript(JobSpec spec) {
        String body = spec.script();
        return SHEBANG.matcher(body).find() ? body : "#!/bin/bash\n" + body;
    }

    /** The value of a directive line in a rendered script: {@code --output} in {@code #SBATCH --output=x}. */
    public static java.util.Optional<String> directive(String script, String prefix, String option) {
        for (String line : script.split("\n")) {
            String l = line.strip();
            if (l.startsWith(prefix + " " + option + "=")) {
                String v = l.substring((prefix + " " + option + "=").length()).strip();
                return java.util.Optional.of(
                        v.startsWith("\"") && v.endsWith("\"") && v.length() > 1 ? v.substring(1, v.length() - 1) : v);
            }
        }
        return java.util.Optional.empty();
    }

    /** {@code ~/x} stays expandable; anything else is quoted. */
    static String quotePath(String path) {
        if (path.equals("~")) {
            return "\"$HOME\"";
        }
        if (path.startsWith("~/")) {
            return "\"$HOME\"/" + Shell.quote(path.substring(2));
        }
        return Shell.quote(path);
    }

    public static List<String> userDirectives(String script, String prefix) {
        List<String> lines = new ArrayList<>();
        for (String line : script.split("\n")) {
            if (line.startsWith(prefix)) {
                lines.add(line.strip());
            } else if (!line.isBlank() && !line.startsWith("#")) {
                break; // schedulers stop reading directives at the first command
            }
        }
        return lines;
    }

    /** {@code --time} for {@code --time=1:00} or {@code --time 1:00}, {@code -t} for {@code -t 5}. */
    static String optionKey(String option) {
        Matcher m = Pattern.compile("^(--?[A-Za-z][\\w-]*)").matcher(option);
        return m.find() ? m.group(1) : option;
    }
}
