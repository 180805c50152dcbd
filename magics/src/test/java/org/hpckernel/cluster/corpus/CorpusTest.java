package org.hpckernel.cluster.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.hpckernel.cluster.BatchProtocol;
import org.hpckernel.cluster.BatchSystem;
import org.hpckernel.cluster.JobDirectory;
import org.hpckernel.cluster.JobScript;
import org.hpckernel.cluster.JobSpec;
import org.hpckernel.cluster.RecordedTransport;
import org.hpckernel.cluster.TimeLimits;
import org.hpckernel.cluster.slurm.SlurmScheduler;
import org.hpckernel.session.SchedulerKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every corpus script as pasted: the job it describes is what the script asked for, its own
 * scheduler renders the same name, logs and array, and on Slurm it is translated (or refused,
 * naming the line) the same way.
 */
class CorpusTest {

    private static final JobDirectory DIR = new JobDirectory("/home/alice/hpc-kernel/jobs/20261129-corpus-ab12");

    static List<Corpus.Entry> entries() {
        return Corpus.entries();
    }

    @Test
    void theCorpusHoldsAtLeastFortyScriptsOfEveryScheduler() {
        List<Corpus.Entry> all = entries();
        assertTrue(all.size() >= 40, "corpus size " + all.size());
        for (String s : List.of("slurm", "pbs", "sge", "pjm")) {
            assertTrue(all.stream().anyMatch(e -> e.scheduler().equals(s)), s);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("entries")
    void theJobIsWhatTheScriptAsked(Corpus.Entry e) {
        JobSpec spec = JobSpec.builder().script(e.script()).build();
        assertEquals(Optional.ofNullable(e.text("name")).orElse("job"), spec.name(), "name");
        assertEquals(Optional.ofNullable(e.text("stdout")), spec.stdout(), "stdout");
        if (e.text("stderr") != null && !e.text("stderr").equals(e.text("stdout"))) {
            assertEquals(Optional.of(e.text("stderr")), spec.stderr(), "stderr");
        }
        if (e.text("array") != null) {
            assertEquals(Optional.of(JobSpec.ArraySpec.parse(e.text("array"))), spec.array(), "array");
        } else {
            assertEquals(Optional.empty(), spec.array(), "array");
        }
        JobSpec.Resources r = spec.resources();
        expectInt(e, "nodes", r.nodes());
        expectInt(e, "ntasks", r.tasks());
        expectInt(e, "ntasksPerNode", r.tasksPerNode());
        expectInt(e, "cpusPerTask", r.cpusPerTask());
        if (e.text("mem") != null) {
            assertEquals(Optional.of(e.text("mem")), r.memory(), "mem");
        }
        if (e.text("time") != null) {
            assertEquals(Optional.of(TimeLimits.parse(e.text("time"))), r.timeLimit(), "time");
        }
        if (e.text("partition") != null) {
            assertEquals(Optional.of(e.text("partition")), spec.partition(), "partition");
        }
        if (!e.scheduler().equals("slurm")) {
            return;
        }
        String header = new BatchProtocol(new SlurmScheduler(), new RecordedTransport())
                .render(spec, DIR)
                .split("# --- hpc-kernel")[0];
        for (var ignored : e.expected().path("ignored")) {
            // a directive after the first command is a comment to sbatch: it asks for nothing
            assertFalse(header.contains(ignored.asText()), "ignored " + ignored + " in\n" + header);
        }
    }

    private static void expectInt(Corpus.Entry e, String field, Optional<Integer> actual) {
        String want = e.text(field);
        if (want != null && want.matches("\\d+")) {
            assertEquals(Optional.of(Integer.parseInt(want)), actual, field);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("entries")
    void itsOwnSchedulerRendersTheNameLogsAndArrayItAskedFor(Corpus.Entry e) {
        BatchSystem native_ = SchedulerKind.of(e.scheduler()).batchSystem().orElseThrow();
        JobSpec spec = JobSpec.builder().script(e.script()).build();
        String script = new BatchProtocol(native_, new RecordedTransport()).render(spec, DIR);
        String prefix = native_.directivePrefix();
        assertTrue(script.startsWith("#!/bin/bash\n" + prefix + " "), script);
        if (e.text("stdout") != null) {
            assertTrue(script.contains(e.text("stdout")), "the script's own output file: " + script);
        }
        if (e.text("name") != null && e.scheduler().equals("slurm")) {
            assertTrue(script.contains("#SBATCH --job-name=" + e.text("name").replace('/', '_')), script);
        }
        // every directive line of the script is in the rendered one, as written or as its setting
        assertFalse(script.contains(prefix + " #"), script);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("entries")
    void onSlurmItIsTranslatedOrRefusedNamingTheLine(Corpus.Entry e) {
        JobSpec spec = JobSpec.builder().script(e.script()).build();
        SlurmScheduler slurm = new SlurmScheduler();
        try {
            String script = new BatchProtocol(slurm, new RecordedTransport()).render(spec, DIR);
            assertTrue(script.contains("#SBATCH --job-name="), script);
            if (!e.scheduler().equals("slurm")) {
                boolean translated = e.script().lines().anyMatch(l -> l.matches("#(PBS|\\$|PJM)\\s+-.*"));
                assertEquals(
                        translated,
                        !new BatchProtocol(slurm, new RecordedTransport())
                                .translationNote(spec)
                                .isEmpty(),
                        "the translation is shown");
                spec.array().ifPresent(a -> assertTrue(script.contains("#SBATCH --array=" + a), script));
                spec.resources()
                        .timeLimit()
                        .ifPresent(t ->
                                assertTrue(script.contains("#SBATCH --time=" + SlurmScheduler.slurmTime(t)), script));
            }
        } catch (IllegalArgumentException refused) {
            assertFalse(
                    e.scheduler().equals("slurm"), "a Slurm script is never refused on Slurm: " + refused.getMessage());
            assertTrue(refused.getMessage().matches("(?s).*line \\d+: .*"), refused.getMessage());
            assertFalse(e.runnable(), "a runnable script must translate: " + refused.getMessage());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("entries")
    void asAnAttachedRunOnSlurmItRunsItsBodyOrIsRefusedSayingWhy(Corpus.Entry e) {
        JobSpec spec = JobSpec.builder().script(e.script()).build();
        try {
            String script = JobScript.renderForRun(spec, DIR, new SlurmScheduler());
            String last = e.script().strip().lines().reduce((a, b) -> b).orElseThrow();
            // inline, or (another shebang: python, a login shell) as its own file the job script runs
            assertTrue(
                    script.contains(last) || script.contains("\"$HPC_JOB_DIR/user-script\""),
                    "the script's own lines run: " + script);
            assertFalse(spec.array().isPresent(), "an array is never run attached");
        } catch (IllegalArgumentException refused) {
            assertTrue(
                    refused.getMessage().matches("(?s).*(not an array|cannot wait for other jobs|line \\d+: ).*"),
                    refused.getMessage());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("entries")
    void chainedOnSlurmItIsOneArrayThrottledToOneOrRefusedForItsOwnArray(Corpus.Entry e) {
        try {
            JobSpec spec = JobSpec.builder().script(e.script()).chain(3).build();
            String script = new BatchProtocol(new SlurmScheduler(), new RecordedTransport()).render(spec, DIR);
            assertEquals(
                    1,
                    script.lines()
                            .filter(l -> l.matches("#SBATCH\\s+(--array|-a)\\b.*"))
                            .count(),
                    script);
            assertTrue(script.contains("#SBATCH --array=1-3%1"), script);
        } catch (IllegalArgumentException refused) {
            // refused for its own array beside the chain's, or (as without --chain) for a line with no Slurm equivalent
            assertTrue(
                    refused.getMessage().matches("(?s).*(cannot also be the array|line \\d+: ).*"),
                    refused.getMessage());
        }
    }
}
