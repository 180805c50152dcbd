package org.hpckernel.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.hpckernel.HpcException;
import org.hpckernel.session.Schedulers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SchedulersTest {

    @Test
    void aProfileNamesItsSchedulerByNameOrCommonAlias() {
        RecordedTransport t = new RecordedTransport();
        assertEquals("slurm", Schedulers.create("slurm", t, "/w").name());
        assertEquals("sge", Schedulers.create("GridEngine", t, "/w").name());
        assertEquals("pbs", Schedulers.create("openpbs", t, "/w").name());
        assertEquals("pjm", Schedulers.create("fujitsu", t, "/w").name());
        assertEquals("local", Schedulers.create("local", t, "/w").name());
    }

    @Test
    void anUnknownSchedulerNamesTheOnesThatExist() {
        HpcException e =
                assertThrows(HpcException.class, () -> Schedulers.create("lsf", new RecordedTransport(), "/w"));
        assertTrue(e.getMessage().contains("slurm, sge, pbs, pjm, local"), e.getMessage());
    }

    /**
     * What the probe's one query (the command {@link SchedulerProbe#probe} sends) prints, run by bash with
     * stub scheduler commands on PATH: each stub prints the recorded answer for its exact arguments
     * (a file in {@code answers}) or fails like a missing daemon, and logs how it was called.
     */
    private record ProbeRun(String output, List<String> calls) {
        String queue() {
            return output.lines()
                    .filter(l -> l.startsWith("@@queue"))
                    .map(l -> l.substring(7).strip())
                    .findFirst()
                    .orElseThrow();
        }
    }

    private static ProbeRun runProbeQuery(Path dir, String scheduler, Map<String, String> answers) throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path answerDir = Files.createDirectories(dir.resolve("answers"));
        Path log = dir.resolve("calls.log");
        for (Map.Entry<String, String> a : answers.entrySet()) {
            Files.writeString(answerDir.resolve(a.getKey()), a.getValue());
        }
        for (String command : List.of("sinfo", "sacct", "qconf", "qstat", "pbsnodes", "pjstat")) {
            Path stub = bin.resolve(command);
            Files.writeString(
                    stub,
                    "#!/bin/bash\nprintf '%s\\n' \"$(basename \"$0\") $*\" >> \"$STUB_LOG\"\n"
                            + "f=\"$STUB_ANSWERS/$(basename \"$0\") $*\"\n[ -f \"$f\" ] && { cat \"$f\"; exit 0; }\nexit 1\n");
            stub.toFile().setExecutable(true);
        }
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", SchedulerProbe.query(scheduler)).redirectErrorStream(true);
        pb.environment().put("PATH", bin + ":/usr/bin:/bin");
        pb.environment().put("STUB_LOG", log.toString());
        pb.environment().put("STUB_ANSWERS", answerDir.toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        return new ProbeRun(out, Files.exists(log) ? Files.readAllLines(log) : List.of());
    }

    private static Set<String> programs(ProbeRun run) {
        return run.calls().stream().map(c -> c.split(" ")[0]).collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void onSlurmTheProbeReadsAccountingTheDefaultPartitionAndGpusFromSlurmsOwnAnswers(@TempDir Path dir)
            throws Exception {
        // recorded live on the test cluster (Slurm 22.05.8 with slurmdbd): sacct answers with nothing and exit 0
        Map<String, String> live = Map.of(
                "sacct -n -X -S now-1minutes",
                "",
                "sinfo -h -o %P",
                RecordedTransport.recorded("slurm/probe-sinfo-P.txt"),
                "sinfo -h -o %G",
                RecordedTransport.recorded("slurm/probe-sinfo-G.txt"));
        ProbeRun run = runProbeQuery(dir.resolve("live"), "slurm", live);
        assertTrue(run.output().contains("@@acct yes"), run.output());
        assertEquals("debug", run.queue(), "the partition sinfo marks with *");
        assertFalse(run.output().contains("@@gpus"), "no GRES on the test cluster: " + run.output());
        assertEquals(Set.of("sacct", "sinfo"), programs(run));

        // hand-made: a GRES column as sinfo prints it for GPU nodes, and no slurmdbd (sacct fails)
        Map<String, String> gpus =
                Map.of("sinfo -h -o %P", "cpu\ngpu*\n", "sinfo -h -o %G", "(null)\ngpu:a100:4(S:0-1)\n");
        ProbeRun noDbd = runProbeQuery(dir.resolve("gpus"), "slurm", gpus);
        assertFalse(noDbd.output().contains("@@acct yes"), noDbd.output());
        assertEquals("gpu", noDbd.queue());
        assertTrue(noDbd.output().contains("@@gpus yes"), noDbd.output());
    }

    @Test
    void onGridEngineTheProbeAsksQconfForAccountingTheFirstQueueAndAGpuComplex(@TempDir Path dir) throws Exception {
        // recorded live on the test cluster (Grid Engine 8.1.9)
        Map<String, String> live = Map.of(
                "qconf -sconf global",
                RecordedTransport.recorded("sge/probe-qconf-sconf-global.txt"),
                "qconf -sql",
                RecordedTransport.recorded("sge/probe-qconf-sql.txt"),
                "qconf -sc",
                RecordedTransport.recorded("sge/probe-qconf-sc.txt"));
        ProbeRun run = runProbeQuery(dir.resolve("live"), "sge", live);
        assertTrue(run.output().contains("@@acct yes"), "reporting_params accounting=true: " + run.output());
        assertEquals("all.q", run.queue());
        assertFalse(run.output().contains("@@gpus"), run.output());
        assertEquals(Set.of("qconf"), programs(run));

        // hand-made: accounting switched off, and a consumable gpu complex added to the recorded list
        Map<String, String> changed = Map.of(
                "qconf -sconf global",
                RecordedTransport.recorded("sge/probe-qconf-sconf-global.txt")
                        .replace("accounting=true", "accounting=false"),
                "qconf -sql",
                "gpu.q\nall.q\n",
                "qconf -sc",
                RecordedTransport.recorded("sge/probe-qconf-sc.txt")
                        + "gpu                 gpu        INT       <=    YES         YES        0        0\n");
        ProbeRun gpu = runProbeQuery(dir.resolve("gpu"), "sge", changed);
        assertFalse(gpu.output().contains("@@acct yes"), gpu.output());
        assertEquals("gpu.q", gpu.queue());
        assertTrue(gpu.output().contains("@@gpus yes"), gpu.output());
    }

    @Test
    void onPbsTheProbeReadsTheServersHistorySettingAndDefaultQueueAndTheNodesGpus(@TempDir Path dir) throws Exception {
        // hand-made in the layout of `qstat -Bf` and `pbsnodes -a` (OpenPBS reference guide); not recorded
        String server =
                "Server: pbs01\n    server_state = Active\n    default_queue = workq\n    job_history_enable = True\n";
        ProbeRun run = runProbeQuery(
                dir.resolve("a"),
                "pbs",
                Map.of(
                        "qstat -Bf",
                        server,
                        "pbsnodes -a",
                        "node01\n     state = free\n     resources_available.ngpus = 4\n"));
        assertTrue(run.output().contains("@@acct yes"), run.output());
        assertEquals("workq", run.queue());
        assertTrue(run.output().contains("@@gpus yes"), run.output());
        assertEquals(Set.of("qstat", "pbsnodes"), programs(run));

        ProbeRun without = runProbeQuery(
                dir.resolve("b"),
                "pbs",
                Map.of(
                        "qstat -Bf",
                        server.replace("True", "False"),
                        "pbsnodes -a",
                        "node01\n     state = free\n     resources_available.ngpus = 0\n"));
        assertFalse(without.output().contains("@@acct yes") || without.output().contains("@@gpus"), without.output());
    }

    @Test
    void onFujitsuTheProbeAsksPjstatAndAnsweringNothingMeansNoAccounting(@TempDir Path dir) throws Exception {
        ProbeRun run = runProbeQuery(
                dir.resolve("a"), "pjm", Map.of("pjstat -H", RecordedTransport.recorded("pjm/pjstat-H.txt")));
        assertTrue(run.output().contains("@@acct yes"), run.output());
        assertEquals(Set.of("pjstat"), programs(run));
        ProbeRun none = runProbeQuery(dir.resolve("b"), "pjm", Map.of());
        assertFalse(none.output().contains("@@acct yes"), none.output());
        assertEquals("", none.queue());
    }
}
