package org.hpckernel.cluster;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
    static final String TASK_ID = "${SLURM_ARRAY_TASK_ID:-${PBS_ARRAY_INDEX:-${SGE_TASK_ID:-${PJM_BULKNUM:-${HPC_ARRAY_TASK_ID:-}}}}}";
    private static final Pattern SHEBANG = Pattern.compile("\\A#!([^\\n]*)");

    private JobScript() {
    }

    /**
     * The job script. {@code directives} are full lines ({@code #SBATCH --time=...}); lines of the
     * user's script with {@code directivePrefix} are kept unless a directive sets the same option.
     */
    public static String render(JobSpec spec, JobDirectory dir, List<String> directives, String directivePrefix) {
        StringBuilder s = new StringBuilder("#!/bin/bash\n");
        Set<String> ours = new LinkedHashSet<>();
        for (String d : directives) {
            ours.add(optionKey(d.substring(directivePrefix.length()).strip()));
            s.append(d).append('\n');
        }
        for (String kept : userDirectives(spec.script(), directivePrefix)) {
            if (!ours.contains(optionKey(kept.substring(directivePrefix.length()).strip()))) {
                s.append(kept).append('\n');
            }
        }
        s.append("# --- hpc-kernel: job directory, exit file, environment ---\n");
        s.append("export HPC_JOB_DIR=").append(Shell.quote(dir.path())).append('\n');
        s.append("HPC_ARRAY_TASK_ID=\"").append(TASK_ID).append("\"\n");
        s.append("_hpc_sfx=\"${HPC_ARRAY_TASK_ID:+.$HPC_ARRAY_TASK_ID}\"\n");
        s.append("export HPC_ARRAY_TASK_ID\n");
        s.append("export HPC_METRICS=\"$HPC_JOB_DIR/metrics$_hpc_sfx.jsonl\" HPC_SUMMARY=\"$HPC_JOB_DIR/summary$_hpc_sfx.json\"\n");
        s.append("export HPC_RESULT=\"$HPC_JOB_DIR/result$_hpc_sfx.json\" HPC_PARAMS=\"$HPC_JOB_DIR/params.json\"\n");
        // The trap records how the job ended even when accounting is late or off.
        s.append("_hpc_signal=0\n");
        s.append("trap '_hpc_signal=15; exit 143' TERM\n");
        s.append("trap '_hpc_rc=$?; printf \"{\\\"exit_code\\\":%d,\\\"signal\\\":%d,\\\"end\\\":\\\"%s\\\",\\\"host\\\":\\\"%s\\\"}\\n\" "
                + "\"$_hpc_rc\" \"$_hpc_signal\" \"$(date -u +%Y-%m-%dT%H:%M:%SZ)\" \"$(hostname)\" > \"$HPC_JOB_DIR/exit$_hpc_sfx.tmp\" "
                + "&& mv \"$HPC_JOB_DIR/exit$_hpc_sfx.tmp\" \"$HPC_JOB_DIR/exit$_hpc_sfx\"' EXIT\n");
        for (Map.Entry<String, String> e : spec.environment().entrySet()) {
            if (!e.getKey().matches("[A-Za-z_][A-Za-z0-9_]*")) {
                throw new IllegalArgumentException("'" + e.getKey() + "' is not a valid environment variable name");
            }
            s.append("export ").append(e.getKey()).append('=').append(Shell.quote(e.getValue())).append('\n');
        }
        for (String module : spec.modules()) {
            s.append("module load ").append(Shell.quote(module)).append('\n');
        }
        spec.workingDirectory().ifPresent(wd -> s.append("cd ").append(quotePath(wd)).append(" || exit 1\n"));
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
                return java.util.Optional.of(v.startsWith("\"") && v.endsWith("\"") && v.length() > 1 ? v.substring(1, v.length() - 1) : v);
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
                break;  // schedulers stop reading directives at the first command
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
