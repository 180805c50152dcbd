package org.hpckernel.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.hpckernel.cluster.local.LocalScheduler;
import org.hpckernel.cluster.local.LocalTransport;
import org.hpckernel.cluster.pbs.PbsScheduler;
import org.hpckernel.cluster.pjm.PjmScheduler;
import org.hpckernel.cluster.sge.SgeScheduler;
import org.hpckernel.cluster.slurm.SlurmScheduler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A chained run's job side: the array each scheduler gets, and the links' verdicts, run here with
 * bash as Slurm would run link K (a stand-in {@code scancel} on the PATH records what is cancelled).
 */
class ChainScriptTest {

    @TempDir
    Path dir;

    private static final JobDirectory JD = new JobDirectory("/home/u/hpc-kernel/jobs/x");

    private static JobSpec chain(int links) {
        return JobSpec.builder()
                .name("long")
                .timeLimit(Duration.ofMinutes(1))
                .chain(links)
                .script("python3 train.py")
                .build();
    }

    @Test
    void slurmRunsTheLinksAsAnArrayThrottledToOneAndCancelsTheLaterTasks() {
        String s = JobScript.render(chain(30), JD, new SlurmScheduler(), "tok");
        assertTrue(s.contains("\n#SBATCH --array=1-30%1\n"), s);
        assertTrue(
                s.contains("scancel \"${SLURM_ARRAY_JOB_ID}_[$((SLURM_ARRAY_TASK_ID + 1))-${HPC_CHAIN_LINKS}]\""), s);
        assertTrue(s.contains("export HPC_CHAIN_LINK=\"$HPC_ARRAY_TASK_ID\" HPC_CHAIN_LINKS=30 "), s);
    }

    @Test
    void gridEngineRunsOneTaskAtATimeWithTc1() {
        String s = JobScript.render(chain(3), JD, new SgeScheduler(), "tok");
        // link k is Grid Engine task k+1 (hpc-kernel's task ids are SGE_TASK_ID - 1)
        assertTrue(s.contains("\n#$ -t 2-4\n#$ -tc 1\n"), s);
        assertTrue(s.contains("qdel \"$JOB_ID\" -t \"$((SGE_TASK_ID + 1))-${SGE_TASK_LAST}\""), s);
    }

    @Test
    void pbsUsesTheSubjobLimitAndDeletesTheLaterSubjobRange() {
        String s = JobScript.render(chain(3), JD, new PbsScheduler(), "tok");
        assertTrue(s.contains("\n#PBS -J 1-3%1\n"), s);
        assertTrue(
                s.contains("qdel \"${PBS_JOBID%%\\[*}[$((PBS_ARRAY_INDEX + 1))-${HPC_CHAIN_LINKS}]${PBS_JOBID#*\\]}\""),
                s);
    }

    @Test
    void pbsSubjobRangeIsBuiltFromTheTaskIdAsPbsPrintsIt() throws Exception {
        // the qdel argument, expanded by bash for subjob 2 of 123[].server
        String cmd = new PbsScheduler().cancelLaterLinksCommand().orElseThrow().replace("qdel ", "printf %s ");
        Process p = new ProcessBuilder(
                        "bash", "-c", "PBS_JOBID='123[2].pbs01' PBS_ARRAY_INDEX=2 HPC_CHAIN_LINKS=5; " + cmd)
                .start();
        assertTrue(p.waitFor(10, TimeUnit.SECONDS));
        assertEquals("123[3-5].pbs01", new String(p.getInputStream().readAllBytes()));
    }

    @Test
    void pjmRefusesAChainAndSaysWhatToDoInstead() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> JobScript.render(chain(3), JD, new PjmScheduler(), "tok"));
        assertTrue(e.getMessage().contains("its arrays have no throttle"), e.getMessage());
        assertTrue(e.getMessage().contains("--after afterany:ID"), e.getMessage());
    }

    @Test
    void theLocalExecutorGetsTheThrottledArray() {
        String s = new LocalScheduler(new LocalTransport(), "/tmp/x").render(chain(3), JD);
        assertTrue(s.contains("#LOCAL --array=1-3%1\n"), s);
        assertTrue(s.contains("_hpc_chain_verdict"), s);
    }

    @Test
    void aChainBesideAnotherArrayIsRefused() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> JobSpec.builder()
                        .chain(3)
                        .array(JobSpec.ArraySpec.parse("1-10%2"))
                        .script("true")
                        .build());
        assertTrue(e.getMessage().contains("cannot also be the array 1-10%2"), e.getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () -> JobSpec.builder()
                        .chain(3)
                        .script("#SBATCH --array=0-4\ntrue")
                        .build());
        assertThrows(
                IllegalArgumentException.class,
                () -> JobSpec.builder().chain(0).script("true").build());
        // built again from its own builder, a chain stays itself
        assertEquals(chain(3), chain(3).toBuilder().build());
    }

    // --- the links, run with bash ---

    /** Runs link {@code link} of a chain of 3 with Slurm's variables; a TERM after {@code termAfterMs} when > 0. */
    private int runLink(JobSpec spec, int link, long termAfterMs) throws Exception {
        JobDirectory jd = new JobDirectory(dir.toString());
        Files.writeString(dir.resolve("job.sh"), JobScript.render(spec, jd, new SlurmScheduler(), "tok"));
        Path user = dir.resolve("user-script");
        Files.writeString(user, JobScript.userScript(spec));
        assertTrue(user.toFile().setExecutable(true));
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Files.writeString(bin.resolve("scancel"), "#!/bin/sh\necho \"$@\" >> \"" + dir.resolve("cancelled") + "\"\n");
        assertTrue(bin.resolve("scancel").toFile().setExecutable(true));
        ProcessBuilder pb = new ProcessBuilder(
                        "setsid", "bash", dir.resolve("job.sh").toString())
                .redirectErrorStream(true)
                .redirectOutput(
                        ProcessBuilder.Redirect.appendTo(dir.resolve("out.log").toFile()));
        pb.directory(dir.toFile());
        Map<String, String> env = new HashMap<>(Map.of(
                "SLURM_ARRAY_TASK_ID",
                String.valueOf(link),
                "SLURM_ARRAY_JOB_ID",
                "123",
                "SLURM_JOB_ID",
                String.valueOf(200 + link),
                "PATH",
                bin + ":" + System.getenv("PATH")));
        pb.environment().putAll(env);
        Process p = pb.start();
        if (termAfterMs > 0) {
            Thread.sleep(termAfterMs);
            // the batch system signals the whole job (as Slurm does at the limit)
            new ProcessBuilder("kill", "-TERM", "--", "-" + p.pid()).start().waitFor();
        }
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        return p.exitValue();
    }

    private String chainLog() throws Exception {
        Path log = dir.resolve(ChainScript.LOG);
        return Files.exists(log) ? Files.readString(log) : "";
    }

    private String cancelled() throws Exception {
        Path c = dir.resolve("cancelled");
        return Files.exists(c) ? Files.readString(c) : "";
    }

    @Test
    void aLinkThatFailsStopsTheChainAndCancelsTheLaterLinks() throws Exception {
        assertEquals(3, runLink(JobSpec.builder().chain(3).script("exit 3").build(), 1, 0));
        assertEquals("1 stop FAILED exit code 3\n", chainLog());
        assertEquals("123_[2-3]\n", cancelled());
    }

    @Test
    void aLinkThatFailsBeforeItsScriptStillGetsItsVerdict() throws Exception {
        assertEquals(
                1,
                runLink(
                        JobSpec.builder()
                                .chain(3)
                                .workingDirectory(dir.resolve("missing").toString())
                                .script("true")
                                .build(),
                        1,
                        0));
        assertEquals("1 stop FAILED exit code 1\n", chainLog());
    }

    @Test
    void aLaterLinkAfterAStopRunsNothing() throws Exception {
        Files.writeString(dir.resolve(ChainScript.LOG), "1 stop FAILED exit code 3\n");
        JobSpec spec = JobSpec.builder().chain(3).script("touch ran").build();
        assertEquals(0, runLink(spec, 2, 0));
        assertFalse(Files.exists(dir.resolve("ran")));
        assertFalse(Files.exists(dir.resolve("exit.2")), "a skipped link leaves no exit file");
        assertEquals("123_[3-3]\n", cancelled());
    }

    @Test
    void aLinkEndingAtItsLimitAfterSavingStateLeadsToTheNextOne() throws Exception {
        JobSpec spec = JobSpec.builder()
                .chain(3)
                .timeLimit(Duration.ofSeconds(1))
                .script("echo 5 > \"$HPC_CHAIN_STATE\"; sleep 30")
                .build();
        runLink(spec, 1, 2500);
        assertEquals("1 next TIMEOUT time limit, with progress: HPC_CHAIN_STATE changed\n", chainLog());
        assertEquals("", cancelled());
        assertEquals("5\n", Files.readString(dir.resolve("chain.state")));
    }

    @Test
    void aLinkEndingAtItsLimitWithoutProgressStopsTheChain() throws Exception {
        JobSpec spec = JobSpec.builder()
                .chain(3)
                .timeLimit(Duration.ofSeconds(1))
                .script("sleep 30")
                .build();
        runLink(spec, 1, 2500);
        assertTrue(chainLog().startsWith("1 stop TIMEOUT time limit without progress: HPC_CHAIN_STATE ("), chainLog());
        assertEquals("123_[2-3]\n", cancelled());
    }

    @Test
    void aCancelBeforeTheLimitStopsTheChain() throws Exception {
        JobSpec spec = JobSpec.builder()
                .chain(3)
                .timeLimit(Duration.ofMinutes(10))
                .script("echo 1 > \"$HPC_CHAIN_STATE\"; sleep 30")
                .build();
        runLink(spec, 1, 1000);
        assertEquals("1 stop CANCELLED signal 15 before the time limit (cancelled or preempted)\n", chainLog());
    }

    @Test
    void aLinkThatTouchesTheDoneFileEndsTheChainEarly() throws Exception {
        JobSpec spec =
                JobSpec.builder().chain(3).script("touch \"$HPC_CHAIN_DONE\"").build();
        assertEquals(0, runLink(spec, 1, 0));
        assertEquals("1 stop COMPLETED finished: the link touched HPC_CHAIN_DONE\n", chainLog());
        assertEquals("123_[2-3]\n", cancelled());
    }

    @Test
    void aCompletedLinkLeadsToTheNextAndTheLastEndsTheChain() throws Exception {
        JobSpec spec = JobSpec.builder()
                .chain(2)
                .script("echo \"link $HPC_CHAIN_LINK of $HPC_CHAIN_LINKS\"")
                .build();
        assertEquals(0, runLink(spec, 1, 0));
        assertEquals(0, runLink(spec, 2, 0));
        assertEquals("1 next COMPLETED exit 0\n2 end COMPLETED exit 0\n", chainLog());
        assertTrue(Files.readString(dir.resolve("out.log")).contains("link 1 of 2\nlink 2 of 2\n"));
        assertEquals("", cancelled());
    }

    @Test
    void aPreviousLinkKilledAtItsLimitWithoutItsTrapIsJudgedByTheNext() throws Exception {
        // link 1 of a 60 s chain started 100 s ago, changed the state file and was SIGKILLed (Grid Engine's h_rt): no
        // verdict
        long start = System.currentTimeMillis() / 1000 - 100;
        Files.writeString(dir.resolve("started.1"), "{\"id\":\"201\",\"host\":\"n1\",\"start\":" + start + "}\n");
        Files.writeString(dir.resolve("chain.start.1"), "none\n");
        Files.writeString(dir.resolve("chain.state"), "7\n");
        JobSpec spec = JobSpec.builder()
                .chain(3)
                .timeLimit(Duration.ofSeconds(60))
                .script("cat \"$HPC_CHAIN_STATE\"")
                .build();
        assertEquals(0, runLink(spec, 2, 0));
        assertEquals(
                "1 next TIMEOUT time limit, with progress: HPC_CHAIN_STATE changed\n2 next COMPLETED exit 0\n",
                chainLog());
    }

    @Test
    void aPreviousLinkKilledEarlyWithoutItsTrapStopsTheChain() throws Exception {
        long start = System.currentTimeMillis() / 1000 - 5;
        Files.writeString(dir.resolve("started.1"), "{\"id\":\"201\",\"host\":\"n1\",\"start\":" + start + "}\n");
        JobSpec spec = JobSpec.builder()
                .chain(3)
                .timeLimit(Duration.ofSeconds(60))
                .script("touch ran")
                .build();
        assertEquals(0, runLink(spec, 2, 0));
        assertTrue(chainLog().startsWith("1 stop FAILED killed before the time limit"), chainLog());
        assertFalse(Files.exists(dir.resolve("ran")));
    }

    @Test
    void theStateFileCanBeTheJobsOwnCheckpoint() throws Exception {
        JobSpec spec = JobSpec.builder()
                .chain(3)
                .env("HPC_CHAIN_STATE", "ckpt/model.pt")
                .timeLimit(Duration.ofSeconds(1))
                .script("mkdir -p ckpt; echo w > ckpt/model.pt; echo \"$HPC_CHAIN_STATE\"; sleep 30")
                .build();
        runLink(spec, 1, 2500);
        assertTrue(chainLog().startsWith("1 next TIMEOUT"), chainLog());
        assertTrue(Files.readString(dir.resolve("out.log")).contains(dir.resolve("ckpt/model.pt") + "\n"));
    }

    @Test
    void theRenderedScriptIsValidBash() throws Exception {
        for (String s : List.of(
                JobScript.render(chain(3), JD, new SlurmScheduler(), "t"),
                JobScript.render(chain(3), JD, new SgeScheduler(), "t"),
                JobScript.render(chain(3), JD, new PbsScheduler(), "t"))) {
            Process p =
                    new ProcessBuilder("bash", "-n").redirectErrorStream(true).start();
            p.getOutputStream().write(s.getBytes());
            p.getOutputStream().close();
            assertTrue(p.waitFor(10, TimeUnit.SECONDS));
            assertEquals(0, p.exitValue(), new String(p.getInputStream().readAllBytes()));
        }
    }
}
