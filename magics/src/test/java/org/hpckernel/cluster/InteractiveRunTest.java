package org.hpckernel.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.hpckernel.HpcException;
import org.hpckernel.cluster.pbs.PbsScheduler;
import org.hpckernel.cluster.pjm.PjmScheduler;
import org.hpckernel.cluster.sge.SgeScheduler;
import org.hpckernel.cluster.slurm.SlurmScheduler;
import org.junit.jupiter.api.Test;

/** The commands of {@code %%hpc run} (srun, qrsh) as rendered, and what the protocol does around them. */
class InteractiveRunTest {

    private static final String SCRIPT = "/home/alice/hpc-kernel/runs/20260101-120000-run-1a2b3c4d/job.sh";
    private static final String HOSTILE = "a'b; touch /tmp/pwned $(id) `id`";

    private static JobSpec full() {
        return JobSpec.builder()
                .name("train")
                .script("python3 train.py")
                .nodes(2)
                .tasks(4)
                .tasksPerNode(2)
                .cpusPerTask(8)
                .gpus(JobSpec.Gpus.parse("a100:2"))
                .memory("16G")
                .timeLimit(Duration.ofMinutes(90))
                .partition("gpu")
                .account("proj")
                .qos("high")
                .build();
    }

    @Test
    void srunCarriesEveryResourceAndTheTokenAndRunsTheScript() {
        assertEquals(
                "srun --job-name='train' --comment='hpck:tok' --nodes=2 --ntasks=4 --ntasks-per-node=2 --cpus-per-task=8 "
                        + "--gpus='a100:2' --mem='16G' --time=01:30:00 --partition='gpu' --account='proj' --qos='high' bash '"
                        + SCRIPT + "'",
                new SlurmScheduler().interactiveCommand(full(), SCRIPT, "tok").orElseThrow());
    }

    @Test
    void srunOfADefaultSpecAsksForNothingButTheJob() {
        assertEquals(
                "srun --job-name='run' --comment='hpck:tok' bash '" + SCRIPT + "'",
                new SlurmScheduler()
                        .interactiveCommand(
                                JobSpec.builder().name("run").script("true").build(), SCRIPT, "tok")
                        .orElseThrow());
    }

    @Test
    void qrshWaitsInTheQueueAsksForSlotsAndLimitsAndRunsTheScriptInItsFolder() {
        assertEquals(
                "qrsh -now no -N 'train' -ac 'hpck=tok' -pe smp 32 -l h_rt=01:30:00 -l 'h_vmem=16G' -l gpu=2 -q 'gpu' -A 'proj' "
                        + "-wd '/home/alice/hpc-kernel/runs/20260101-120000-run-1a2b3c4d' 'bash '\\''" + SCRIPT
                        + "'\\'''",
                new SgeScheduler().interactiveCommand(full(), SCRIPT, "tok").orElseThrow());
    }

    @Test
    void hostileValuesReachSrunAsOneWordEach() throws Exception {
        JobSpec spec = JobSpec.builder()
                .name(HOSTILE)
                .script("true")
                .partition(HOSTILE)
                .account(HOSTILE)
                .qos(HOSTILE)
                .memory(HOSTILE)
                .build();
        String command =
                new SlurmScheduler().interactiveCommand(spec, SCRIPT, "tok").orElseThrow();
        List<String> words = wordsAsTheShellSplitsThem("srun", command);
        assertTrue(
                words.contains("--partition=" + HOSTILE)
                        && words.contains("--account=" + HOSTILE)
                        && words.contains("--qos=" + HOSTILE)
                        && words.contains("--mem=" + HOSTILE)
                        && words.contains("--job-name=" + HOSTILE.replace('/', '_')),
                words.toString());
        assertEquals(List.of("bash", SCRIPT), words.subList(words.size() - 2, words.size()));
    }

    /** qrsh hands its command words to a shell again on the execution host: the script path must survive both shells. */
    @Test
    void hostileValuesAndTheTwiceReadCommandReachQrshIntact() throws Exception {
        String script = "/home/al ice/it's $(id)/job.sh";
        JobSpec spec = JobSpec.builder()
                .name("n")
                .script("true")
                .partition(HOSTILE)
                .account(HOSTILE)
                .memory(HOSTILE)
                .build();
        List<String> words = wordsAsTheShellSplitsThem(
                "qrsh",
                new SgeScheduler().interactiveCommand(spec, script, "tok").orElseThrow());
        assertTrue(words.contains(HOSTILE) && words.contains("h_vmem=" + HOSTILE), words.toString());
        assertEquals("/home/al ice/it's $(id)", words.get(words.indexOf("-wd") + 1));
        String remote = words.get(words.size() - 1);
        assertEquals(
                List.of("bash", script),
                wordsAsTheShellSplitsThem("x", "x " + remote).subList(1, 3));
    }

    /** The words a real bash passes to {@code program} (a function standing in for it) for {@code command}. */
    private static List<String> wordsAsTheShellSplitsThem(String program, String command) throws Exception {
        ExecResult r = new org.hpckernel.cluster.local.LocalTransport()
                .exec(
                        program + "() { for w in \"$@\"; do printf '%s\\0' \"$w\"; done; }; " + command,
                        Duration.ofSeconds(10));
        assertEquals(0, r.exitCode(), r.stderr());
        List<String> words = new ArrayList<>(List.of(r.stdout().split("\0")));
        words.add(0, program);
        return words;
    }

    @Test
    void pbsAndPjmHaveNoAttachedRunAndSayWhatToDoInstead() {
        for (BatchSystem system : List.of(new PbsScheduler(), new PjmScheduler())) {
            assertTrue(system.interactiveCommand(full(), SCRIPT, "tok").isEmpty(), system.name());
            RecordedTransport t = new RecordedTransport();
            HpcException e = assertThrows(
                    HpcException.class,
                    () -> new BatchProtocol(system, t)
                            .run(full(), new JobDirectory("/w/runs/r"), Map.of(), s -> {}, s -> {}));
            assertTrue(
                    e.getMessage().contains("terminal")
                            && e.getMessage().contains("%%hpc submit")
                            && e.getMessage().contains("--follow"),
                    e.getMessage());
            assertTrue(t.commands.isEmpty() && t.files.isEmpty(), "nothing is sent");
        }
    }

    @Test
    void theRunStartsFromItsFolderKeepsItsPidAndReturnsTheExitCode() throws Exception {
        JobDirectory dir = new JobDirectory("/w/runs/r 1");
        List<String> seen = new ArrayList<>();
        RecordedTransport t = new RecordedTransport().onStream((out, err) -> {
            out.accept("hello\n");
            err.accept("warning\n");
            return 3;
        });
        int code = new BatchProtocol(new SlurmScheduler(), t)
                .run(JobSpec.builder().name("run").script("echo hello").build(), dir, Map.of(), seen::add, seen::add);
        assertEquals(3, code);
        assertEquals(List.of("hello\n", "warning\n"), seen);
        assertTrue(
                t.lastCommand().startsWith("cd '/w/runs/r 1' || exit 97; echo $$ > .run.pid; exec srun "),
                t.lastCommand());
        assertTrue(t.lastCommand().endsWith(" bash '/w/runs/r 1/job.sh' < /dev/null"), t.lastCommand());
        String script = new String(t.files.get(dir.script()), StandardCharsets.UTF_8);
        assertTrue(script.contains("\"$HPC_JOB_DIR/user-script\"") && !script.contains("#SBATCH"), script);
    }

    @Test
    void anInterruptStopsTheClientThenCancelsTheJobFoundByItsToken() throws Exception {
        JobDirectory dir = new JobDirectory("/w/runs/r1");
        String token = BatchProtocol.token(dir);
        RecordedTransport t = new RecordedTransport()
                .onStream((out, err) -> {
                    out.accept("started\n");
                    throw new InterruptedException("stopped");
                })
                .on(".run.pid", 0, "")
                .on("squeue -h -u", 0, "3463|hpck:" + token + "\n3464|hpck:other\n@@squeue 0\n@@sacct 0\n")
                .on("scancel", 0, "");
        assertThrows(
                InterruptedException.class,
                () -> new BatchProtocol(new SlurmScheduler(), t)
                        .run(
                                JobSpec.builder().name("run").script("sleep 60").build(),
                                dir,
                                Map.of(),
                                s -> {},
                                s -> {}));
        List<String> after = t.commands.subList(
                t.commands.indexOf(t.commands.stream()
                                .filter(c -> c.contains("exec srun"))
                                .findFirst()
                                .orElseThrow())
                        + 1,
                t.commands.size());
        assertEquals(3, after.size(), after.toString());
        assertTrue(
                after.get(0).contains("kill -TERM")
                        && after.get(0).contains("kill -KILL")
                        && after.get(0).contains("*'/w/runs/r1/job.sh'*"),
                after.get(0));
        assertTrue(after.get(1).startsWith("squeue -h -u"), after.get(1));
        assertEquals("scancel '3463' 2>/dev/null; true", after.get(2));
    }

    @Test
    void aLostConnectionAlsoCancelsAndSaysSo() {
        RecordedTransport t = new RecordedTransport()
                .onStream((out, err) -> {
                    throw new IOException("the connection to x dropped while `cd` ran");
                })
                .on(".run.pid", 0, "")
                .on("qstat -j", 0, "@@qstat 1\n");
        IOException e = assertThrows(
                IOException.class,
                () -> new BatchProtocol(new SgeScheduler(), t)
                        .run(
                                JobSpec.builder().name("run").script("sleep 60").build(),
                                new JobDirectory("/w/runs/r2"),
                                Map.of(),
                                s -> {},
                                s -> {}));
        assertTrue(
                e.getMessage().contains("dropped") && e.getMessage().contains("stopped and its job cancelled"),
                e.getMessage());
    }

    @Test
    void whatAnAttachedRunCannotDoIsRefusedNotDropped() {
        BatchProtocol slurm = new BatchProtocol(new SlurmScheduler(), new RecordedTransport());
        JobDirectory dir = new JobDirectory("/w/runs/r");
        IllegalArgumentException array = assertThrows(
                IllegalArgumentException.class,
                () -> slurm.run(
                        JobSpec.builder().script("#SBATCH --array=1-3\necho").build(),
                        dir,
                        Map.of(),
                        s -> {},
                        s -> {}));
        assertTrue(array.getMessage().contains("--array"), array.getMessage());
        IllegalArgumentException kept = assertThrows(
                IllegalArgumentException.class,
                () -> JobScript.renderForRun(
                        JobSpec.builder()
                                .script("#SBATCH --exclusive\n#SBATCH --time=5\nhostname")
                                .build(),
                        dir,
                        new SlurmScheduler()));
        assertTrue(
                kept.getMessage().contains("line 1: #SBATCH --exclusive")
                        && !kept.getMessage().contains("--time")
                        && kept.getMessage().contains("%%hpc submit"),
                kept.getMessage());
        // another scheduler's lines that translate are read into the run's options
        JobSpec pbs =
                JobSpec.builder().script("#PBS -l walltime=00:05:00\nhostname").build();
        assertTrue(new SlurmScheduler()
                .interactiveCommand(pbs, SCRIPT, "t")
                .orElseThrow()
                .contains("--time=00:05:00"));
        JobScript.renderForRun(pbs, dir, new SlurmScheduler());
    }
}
