package org.hpckernel.cluster;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a script's own directives ask for, in every scheduler's syntax at once: the settings read
 * into the job model, and each directive with what it meant. On a profile's scheduler its own
 * lines that the model does not hold are kept as written; another scheduler's lines are translated
 * when the model holds them, and refused (never dropped) when it does not.
 */
public record ScriptDirectives(JobFields fields, List<Reading> readings) {

    /**
     * One directive, the system whose syntax it is, the setting it gave (empty: not in the model),
     * and the names of the settings it set.
     */
    public record Reading(BatchSystem system, Directive directive, Optional<String> meaning, Set<String> sets) {}

    /**
     * Options another scheduler needs nothing for, and why: shown in the translation note, so
     * nothing is dropped silently.
     */
    private static final Map<String, String> NOTHING_TO_DO = Map.ofEntries(
            Map.entry("#PBS -V", "environment"),
            Map.entry("#$ -V", "environment"),
            Map.entry("#PJM -X", "environment"),
            Map.entry("#SBATCH --export", "environment"),
            Map.entry("#SBATCH --get-user-env", "environment"),
            Map.entry("#PBS -S", "shell"),
            Map.entry("#$ -S", "shell"),
            Map.entry("#PJM -S", "statistics file"),
            Map.entry("#PBS -k", "keeping logs"),
            Map.entry("#PBS -r", "rerun"),
            Map.entry("#$ -r", "rerun"),
            Map.entry("#$ -cwd", "the job's folder"),
            Map.entry("#$ -R", "reservation"),
            Map.entry("#$ -notify", "notify"),
            Map.entry("#$ -b", "binary"),
            Map.entry("#PBS -u", "user"),
            Map.entry("#PBS -m", "mail"),
            Map.entry("#PBS -M", "mail"),
            Map.entry("#$ -m", "mail"),
            Map.entry("#$ -M", "mail"),
            Map.entry("#PJM -m", "mail"),
            Map.entry("#PJM --mail-list", "mail"),
            Map.entry("#SBATCH --mail-type", "mail"),
            Map.entry("#SBATCH --mail-user", "mail"));

    public static ScriptDirectives read(String script) {
        JobFields fields = new JobFields();
        List<Reading> readings = new ArrayList<>();
        for (BatchSystem system : BatchSystems.all()) {
            for (Directive d : Directive.read(
                    script,
                    system.directivePrefix(),
                    system.flagOptions(),
                    system.directivesEndAtFirstCommand(),
                    system.twoValueOptions())) {
                Optional<String> meaning;
                Map<String, Object> before = fields.values();
                try {
                    meaning = system.read(d, fields);
                } catch (IllegalArgumentException e) {
                    String m = e.getMessage() == null ? "" : e.getMessage();
                    throw new IllegalArgumentException(
                            m.startsWith("line ") ? m : "line " + d.lineNumber() + " (" + d.line() + "): " + m, e);
                }
                Map<String, Object> after = fields.values();
                Set<String> sets = after.keySet().stream()
                        .filter(k -> !java.util.Objects.equals(before.get(k), after.get(k)))
                        .collect(Collectors.toSet());
                readings.add(new Reading(system, d, meaning, sets));
            }
        }
        return new ScriptDirectives(fields, List.copyOf(readings));
    }

    /**
     * The target's own directive lines kept as the user wrote them: those the job model does not
     * hold, and resource lines whose every setting the spec still has unchanged (a Torque
     * {@code nodes=2:ppn=2} stays that, rather than becoming our {@code select=}).
     */
    public List<String> kept(BatchSystem target, JobSpec spec) {
        List<String> lines = new ArrayList<>();
        for (Reading r : readings) {
            // a line that means nothing to the job model, or sets nothing in it (-l wd), is the scheduler's own
            // business
            if (r.system().name().equals(target.name())
                    && (r.meaning().isEmpty() || r.sets().isEmpty() || keptVerbatim(r, spec))) {
                lines.add(target.directivePrefix() + " " + r.directive().text());
            }
        }
        return lines;
    }

    /** The settings the spec leaves to the script's own lines (see {@link #kept}). */
    public Set<String> heldByKeptLines(BatchSystem target, JobSpec spec) {
        Set<String> held = new java.util.HashSet<>();
        for (Reading r : readings) {
            if (r.system().name().equals(target.name()) && keptVerbatim(r, spec)) {
                held.addAll(r.sets());
            }
        }
        return held;
    }

    private boolean keptVerbatim(Reading r, JobSpec spec) {
        if (r.sets().isEmpty() || !JobFields.KEEPABLE.containsAll(r.sets())) {
            return false;
        }
        Map<String, Object> script = fields.values();
        Map<String, Object> wanted = JobFields.values(spec);
        return r.sets().stream().allMatch(k -> java.util.Objects.equals(script.get(k), wanted.get(k)));
    }

    /** Another scheduler's directives with no setting in the job model: they cannot run here as written. */
    public List<Reading> untranslatable(BatchSystem target) {
        return readings.stream()
                .filter(r -> !r.system().name().equals(target.name())
                        && r.meaning().isEmpty()
                        && !NOTHING_TO_DO.containsKey(r.system().directivePrefix() + " "
                                + r.directive().option()))
                .toList();
    }

    /** The other systems whose directives the script has: it was written for them, so it may read their variables. */
    public List<BatchSystem> writtenFor(BatchSystem target) {
        Map<String, BatchSystem> others = new LinkedHashMap<>();
        readings.stream()
                .filter(r -> target == null || !r.system().name().equals(target.name()))
                .forEach(r -> others.putIfAbsent(r.system().name(), r.system()));
        return List.copyOf(others.values());
    }

    /**
     * An array translated from another scheduler whose log names one file for every task (PBS
     * writes each subjob's log apart by itself): on this one each task gets its own, {@code NAME.%a}.
     */
    public JobSpec perTaskLogs(BatchSystem target, JobSpec spec) {
        if (spec.array().isEmpty()) {
            return spec;
        }
        JobSpec.Builder b = null;
        for (Reading r : readings) {
            boolean log = r.sets().contains("stdout") || r.sets().contains("stderr");
            if (r.system().name().equals(target.name()) || !log) {
                continue;
            }
            String value = r.directive().value().orElse("");
            if (value.matches(".*(%a|%A|%j|%J|\\$TASK_ID|\\^array_index\\^|%b).*") || value.endsWith("/")) {
                continue;
            }
            b = b == null ? spec.toBuilder() : b;
            if (r.sets().contains("stdout") && spec.stdout().equals(java.util.Optional.of(value))) {
                b.stdout(value + ".%a");
            }
            if (r.sets().contains("stderr") && spec.stderr().equals(java.util.Optional.of(value))) {
                b.stderr(value + ".%a");
            }
        }
        return b == null ? spec : b.build();
    }

    /** Refuses the script when another scheduler's lines cannot be translated, naming each line. */
    public void requireTranslatable(BatchSystem target) {
        List<Reading> bad = untranslatable(target);
        if (bad.isEmpty()) {
            return;
        }
        StringBuilder m = new StringBuilder(
                "This profile's scheduler is " + target.name() + "; these lines of the script are for another "
                        + "scheduler and have no " + target.name() + " equivalent here:");
        for (Reading r : bad) {
            m.append("\n  line ")
                    .append(r.directive().lineNumber())
                    .append(": ")
                    .append(r.directive().line());
        }
        m.append("\nWrite them as ")
                .append(target.directivePrefix())
                .append(" lines (or remove them); name, output, error, time, memory, "
                        + "nodes/tasks/CPUs, GPUs, queue, account, array and dependency are translated for you.");
        throw new IllegalArgumentException(m.toString());
    }

    /** {@code from #PBS: -N hello (name), -l walltime=1:00:00 (time)}; empty when nothing was translated. */
    public String translationNote(BatchSystem target) {
        Map<String, List<String>> bySyntax = new LinkedHashMap<>();
        List<String> unneeded = new ArrayList<>();
        for (Reading r : readings) {
            if (r.system().name().equals(target.name())) {
                continue;
            }
            String key = r.system().directivePrefix() + " " + r.directive().option();
            if (r.meaning().isPresent()) {
                bySyntax.computeIfAbsent(r.system().directivePrefix(), k -> new ArrayList<>())
                        .add(r.directive().text() + " (" + r.meaning().get() + ")");
            } else if (NOTHING_TO_DO.containsKey(key)) {
                unneeded.add(r.system().directivePrefix() + " " + r.directive().text() + " (" + NOTHING_TO_DO.get(key)
                        + ")");
            }
        }
        String note = bySyntax.entrySet().stream()
                .map(e -> "from " + e.getKey() + ": " + String.join(", ", e.getValue()))
                .collect(Collectors.joining("; "));
        if (!unneeded.isEmpty()) {
            note += (note.isEmpty() ? "" : "; ") + "not needed on " + target.name() + ": "
                    + String.join(", ", unneeded);
        }
        return note;
    }
}
