package org.hpckernel.sweep.prune;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.hpckernel.cluster.ExecResult;
import org.hpckernel.cluster.Shell;
import org.hpckernel.cluster.Transport;
import org.hpckernel.sweep.Goal;
import org.hpckernel.sweep.Study;
import org.hpckernel.sweep.Trial;
import org.hpckernel.sweep.TrialState;

/**
 * The pruning half of a steering step: reads the new lines of every trial's metrics.jsonl that may have grown
 * (running trials, and once more the trials that ended since) in ONE remote command, hands the new values to the
 * ledger, and asks the pruner which running trials to stop. Keeps each trial's curve of its current attempt.
 */
public final class EarlyStopping {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(EarlyStopping.class);

    /** Where the intermediate values go (the sweep's ledger). */
    @FunctionalInterface
    public interface Sink {
        void record(int trial, SortedMap<Long, Double> values) throws IOException;
    }

    private static final String MARK = "@@hpc-metrics ";
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = org.hpckernel.Json.writtenByPrograms();
    private final Pruner pruner;
    private final String metric;
    private final Goal goal;
    private final Map<Integer, Curve> curves = new TreeMap<>();
    private final Set<Integer> settled = new HashSet<>(); // ended trials whose file was read after they ended

    /** One attempt's file: how many lines were read, the values by step, how many arrived at the last read. */
    private static final class Curve {
        final String folder;
        int lines;
        int fresh;
        final SortedMap<Long, Double> values = new TreeMap<>();

        Curve(String folder) {
            this.folder = folder;
        }
    }

    public EarlyStopping(Pruner pruner, String metric, Goal goal) {
        this.pruner = pruner;
        this.metric = metric;
        this.goal = goal;
    }

    public Pruner pruner() {
        return pruner;
    }

    /**
     * Reads and decides. {@code running}: the trials whose array tasks run now, by their folder under
     * {@code sweepDir}; every other trial of the study is read once after it ended, for the comparison.
     */
    public List<RungDecision> check(
            Transport transport, String sweepDir, Study study, Map<Trial, String> running, Sink sink)
            throws IOException {
        Map<Integer, String> toRead = new LinkedHashMap<>();
        Set<Integer> runningNumbers = new HashSet<>();
        running.forEach((t, folder) -> {
            toRead.put(t.number(), folder);
            runningNumbers.add(t.number());
        });
        for (Trial t : study.trials()) {
            if (t.state() != TrialState.RUNNING && !settled.contains(t.number())) {
                toRead.put(t.number(), folderOf(t));
                settled.add(t.number());
            }
        }
        if (!toRead.isEmpty()) {
            read(transport, sweepDir, toRead, sink);
        }
        List<TrialCurve> view = new ArrayList<>();
        for (Trial t : study.trials()) {
            Curve c = curves.get(t.number());
            if (c == null) {
                continue;
            }
            // a RUNNING trial with no task now (waiting to be retried) is left out until it runs again
            if (t.state() != TrialState.RUNNING || runningNumbers.contains(t.number())) {
                view.add(new TrialCurve(t.number(), t.state(), c.values, c.fresh));
            }
        }
        for (Curve c : curves.values()) {
            c.fresh = 0;
        }
        return pruner.decide(goal, view);
    }

    /** The folder of a trial's current attempt, as the array script names it. */
    public static String folderOf(Trial t) {
        return "trial-" + t.number() + "-a" + t.attempts();
    }

    /** What each trial logged, as read so far (for tests and the bench). */
    public SortedMap<Long, Double> curve(int trial) {
        Curve c = curves.get(trial);
        return c == null ? new TreeMap<>() : new TreeMap<>(c.values);
    }

    /** The last value the trial logged (what Optuna keeps as a pruned trial's value); null if none. */
    public Double lastValue(int trial) {
        Curve c = curves.get(trial);
        return c == null || c.values.isEmpty() ? null : c.values.get(c.values.lastKey());
    }

    private void read(Transport transport, String sweepDir, Map<Integer, String> folders, Sink sink)
            throws IOException {
        StringBuilder cmd =
                new StringBuilder("cd ").append(Shell.quote(sweepDir)).append(" || exit 0\n");
        for (var e : folders.entrySet()) {
            Curve c = curves.get(e.getKey());
            if (c == null || !c.folder.equals(e.getValue())) {
                c = new Curve(e.getValue()); // a retry starts its curve again
                curves.put(e.getKey(), c);
            }
            cmd.append("printf '%s%s\\n' ")
                    .append(Shell.quote(MARK))
                    .append(' ')
                    .append(e.getKey())
                    .append("; tail -n +")
                    .append(c.lines + 1)
                    .append(" -- ")
                    .append(Shell.quote(e.getValue() + "/metrics.jsonl"))
                    .append(" 2>/dev/null; printf '\\n'\n");
        }
        // a closing mark: every section then ends before a mark, whatever the transport does with the last newline
        cmd.append("printf '%s%s\\n' ").append(Shell.quote(MARK)).append(" -1\n");
        ExecResult r = transport.exec(cmd.toString(), Duration.ofMinutes(2));
        for (var section : sections(r.stdout()).entrySet()) {
            Curve c = curves.get(section.getKey());
            if (c == null) {
                continue;
            }
            SortedMap<Long, Double> added = absorb(c, section.getValue());
            if (!added.isEmpty()) {
                sink.record(section.getKey(), added);
            }
        }
    }

    /** The output cut at the marks: trial number to what tail printed (without the newline printed after it). */
    static Map<Integer, String> sections(String out) {
        Map<Integer, String> bySection = new LinkedHashMap<>();
        int at = out.startsWith(MARK) ? 0 : markAfter(out, 0);
        while (at >= 0) {
            int eol = out.indexOf('\n', at);
            if (eol < 0) {
                break;
            }
            int number = Integer.parseInt(out.substring(at + MARK.length(), eol).strip());
            int next = markAfter(out, eol);
            // each section ends with the newline printed after tail: the one before the next mark (or the last byte)
            String body = next < 0
                    ? out.substring(eol + 1, Math.max(eol + 1, out.length() - 1))
                    : out.substring(eol + 1, next - 1);
            if (number >= 0) {
                bySection.put(number, body);
            }
            at = next;
        }
        return bySection;
    }

    /** Where the next mark line starts after {@code from}; -1 if none. */
    private static int markAfter(String out, int from) {
        int i = out.indexOf("\n" + MARK, from);
        return i < 0 ? -1 : i + 1;
    }

    /** Takes the complete lines (a last line without its newline is read again next time); returns the new values. */
    private SortedMap<Long, Double> absorb(Curve c, String text) {
        SortedMap<Long, Double> added = new TreeMap<>();
        int from = 0;
        int nl;
        while ((nl = text.indexOf('\n', from)) >= 0) {
            String line = text.substring(from, nl).strip();
            long index = c.lines++;
            from = nl + 1;
            if (line.isEmpty()) {
                continue;
            }
            try {
                JsonNode row = JSON.readTree(line);
                JsonNode v = row.get(metric);
                if (v == null || !v.isNumber() || !Double.isFinite(v.asDouble())) {
                    continue; // W&B's history keeps finite numbers only
                }
                JsonNode step = row.get("_step");
                long s = step != null && step.canConvertToLong() ? step.asLong() : index;
                c.values.put(s, v.asDouble());
                added.put(s, v.asDouble());
                c.fresh++;
            } catch (IOException notJson) {
                // a line that is not JSON (a trial printing to the file) says nothing about the metric
                LOG.debug("a metrics line that is not JSON was skipped: {}", notJson.getMessage());
            }
        }
        return added;
    }
}
