package org.hpckernel.cluster.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hpckernel.cluster.BatchProtocol;
import org.hpckernel.cluster.Cluster;
import org.hpckernel.cluster.JobId;
import org.hpckernel.cluster.JobSpec;
import org.hpckernel.cluster.JobState;
import org.hpckernel.cluster.JobStatus;
import org.hpckernel.cluster.Prompter;
import org.hpckernel.cluster.TestCluster;
import org.hpckernel.cluster.Transport;
import org.hpckernel.cluster.profile.Profile;
import org.hpckernel.cluster.slurm.SlurmScheduler;
import org.hpckernel.cluster.ssh.SshTransport;
import org.hpckernel.ledger.Ledger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every runnable corpus script, pasted as it is onto the localhost Slurm (PBS, Grid Engine and PJM
 * ones translated): each runs, ends COMPLETED, and its output is read where the script asked Slurm
 * to write it, task by task for arrays.
 */
class CorpusOnSlurmIT {

    private static Transport transport;
    private static Ledger ledger;
    private static Cluster cluster;

    @BeforeAll
    static void connect() throws Exception {
        transport = new SshTransport(TestCluster.target(), Prompter.NONE);
        ledger = Ledger.open(Files.createTempDirectory("corpus-ledger").resolve("ledger.db"));
        Profile profile = new Profile(
                "corpus",
                "localhost",
                null,
                null,
                null,
                null,
                null,
                "slurm",
                "~/hpc-kernel-corpus",
                null,
                null,
                List.of());
        cluster = new Cluster(profile, transport, new BatchProtocol(new SlurmScheduler(), transport), ledger);
    }

    @AfterAll
    static void disconnect() {
        transport.close();
        ledger.close();
    }

    private static Corpus.Entry e(Map.Entry<JobId, Corpus.Entry> job) {
        return job.getValue();
    }

    @Test
    void everyRunnableScriptRunsAsPastedAndItsLogsAreReadWhereItAskedPerTask() throws Exception {
        Map<JobId, Corpus.Entry> submitted = new LinkedHashMap<>();
        Map<JobId, JobSpec> specs = new LinkedHashMap<>();
        for (Corpus.Entry e : Corpus.entries()) {
            if (!e.runnable()) {
                continue;
            }
            JobSpec spec = JobSpec.builder().script(e.script()).build();
            Cluster.Submitted s = cluster.submitWithReport(spec);
            submitted.put(s.id(), e);
            specs.put(s.id(), spec);
            if (!e.scheduler().equals("slurm")) {
                assertFalse(s.note().isEmpty(), e + ": the translation is said");
            }
        }
        assertTrue(submitted.size() >= 25, "runnable scripts: " + submitted.size());
        Map<JobId, JobStatus> end = cluster.await(submitted.keySet(), Duration.ofMinutes(5), x -> {});
        StringBuilder failures = new StringBuilder();
        for (Map.Entry<JobId, Corpus.Entry> job : submitted.entrySet()) {
            JobId id = job.getKey();
            JobStatus s = end.get(id);
            if (s.state() != JobState.COMPLETED) {
                failures.append(job.getValue())
                        .append(": ")
                        .append(s)
                        .append(" / ")
                        .append(cluster.explain(s))
                        .append('\n');
                continue;
            }
            JobSpec spec = specs.get(id);
            List<JobId> tasks = spec.array()
                    .map(a -> java.util.stream.IntStream.rangeClosed(a.first(), a.last())
                            .filter(i -> (i - a.first()) % a.step() == 0)
                            .mapToObj(i -> JobId.of(id.value() + "_" + i))
                            .toList())
                    .orElse(List.of(id));
            java.util.Set<String> files = new java.util.HashSet<>();
            for (JobId task : tasks) {
                String file = cluster.logFile(task, false);
                boolean exists = transport
                        .exec("test -f " + org.hpckernel.cluster.Shell.quote(file), Duration.ofSeconds(30))
                        .ok();
                if (!exists || !files.add(file)) {
                    failures.append(job.getValue())
                            .append(": ")
                            .append(task)
                            .append(exists ? " shares its log " : " has no log ")
                            .append(file)
                            .append('\n');
                }
                String out = cluster.tail(task, false, 50);
                String marker = "task " + task.arrayIndex().map(String::valueOf).orElse("");
                if (!e(job).scheduler().equals("slurm")
                        && e(job).script().matches("(?s).*(SGE_TASK_ID|PBS_ARRAY_INDEX|PJM_BULKNUM).*")) {
                    // a translated script prints its task id from its own scheduler's variable: this task's
                    if (spec.array().isPresent()
                            && !out.contains(String.valueOf(task.arrayIndex().orElseThrow()))) {
                        failures.append(job.getValue())
                                .append(": ")
                                .append(task)
                                .append(" printed ")
                                .append(out.strip())
                                .append(" (")
                                .append(marker)
                                .append(")\n");
                    }
                }
            }
        }
        assertEquals("", failures.toString());
    }
}
