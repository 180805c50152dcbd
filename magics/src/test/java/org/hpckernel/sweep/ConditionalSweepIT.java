package org.hpckernel.sweep;

import static org.hpckernel.cluster.TestCluster.env;
import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.hpckernel.cluster.Cluster;
import org.hpckernel.cluster.JobSpec;
import org.hpckernel.cluster.profile.ProfileStore;
import org.hpckernel.ledger.Ledger;
import org.hpckernel.session.Hpc;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

/**
 * HPC-Ops' RF/GB space (its tutorial request, pasted whole: KaitoShioya/HPC-Ops@3e512b7) as a random sweep on the localhost Slurm
 * (install/test-cluster.sh up): each trial's params.json, and the ${args} its command got, hold only the
 * parameters of its own branch; the results table leaves the other branch's cells empty.
 */
class ConditionalSweepIT {

    @Test
    void eachTrialOfTheRfGbSpaceGetsOnlyItsActiveParameters() throws Exception {
        Path home = Files.createTempDirectory("hpc-conditional-it");
        Path profiles = home.resolve("profiles.yaml");
        Files.writeString(
                profiles,
                "current: it\nprofiles:\n- name: it\n  host: \"" + env("HPC_SSH_HOST") + "\"\n  port: "
                        + env("HPC_SSH_PORT") + "\n  user: \"" + env("HPC_SSH_USER") + "\"\n  key: \""
                        + env("HPC_SSH_KEY") + "\"\n  knownHosts: \""
                        + env("HPC_SSH_KNOWN_HOSTS") + "\"\n  scheduler: slurm\n  workdir: \"~/hpc-kernel-it\"\n");
        String name = "rfgb-" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
        // the objective depends on which branch ran, so a wrong key set would also show in the values
        String command =
                "echo ${args} > args.txt; python3 -c \"import json, os; p = json.load(open(os.environ['HPC_PARAMS'])); "
                        + "json.dump({'loss': p.get('rf_max_depth', 0) + 100 * p.get('gb_max_depth', 0)}, open(os.environ['HPC_RESULT'], 'w'))\"";
        try (Hpc hpc = new Hpc(new ProfileStore(profiles), Ledger.open(home.resolve("ledger.db")))) {
            Cluster cluster = hpc.cluster("it");
            String request = ConditionalSpaceTest.resource("/org/hpckernel/cluster/hpcops/tutorial-request.json");
            SweepDefinition def = new SweepDefinition(
                    name,
                    request,
                    "random",
                    null,
                    null,
                    5,
                    Steering.of(10, 5),
                    3,
                    command,
                    JobSpec.builder()
                            .name(name)
                            .script("x")
                            .timeLimit(Duration.ofMinutes(5))
                            .build());
            SweepRun run = Sweeps.of(hpc).start(cluster, def);
            assertTrue(run.await(Duration.ofSeconds(600)), run.progress().line());
            Study study = run.study();
            assertEquals(10, study.count(TrialState.COMPLETE), study.results().printAll());
            String dir = Sweeps.of(hpc).record(run.id()).directory();
            int rf = 0, gb = 0;
            for (Trial t : study.trials()) {
                String folder = dir + "/trial-" + t.number() + "-a1";
                String json = cluster.transport()
                        .exec("cat " + folder + "/params.json", Duration.ofSeconds(30))
                        .stdout();
                Map<?, ?> onNode = new ObjectMapper().readValue(json, Map.class);
                boolean isRf = "RF".equals(onNode.get("clf"));
                Set<String> keys = new java.util.HashSet<>(isRf ? ConditionalSpaceTest.RF : ConditionalSpaceTest.GB);
                keys.add("dataset"); // the request's setting, a constant
                assertEquals(keys, onNode.keySet(), "trial " + t.number() + ": " + json);
                assertEquals("optuna-example:v0", onNode.get("dataset"));
                assertEquals(t.params().keySet(), onNode.keySet());
                String args = cluster.transport()
                        .exec("cat " + folder + "/args.txt", Duration.ofSeconds(30))
                        .stdout()
                        .strip();
                String depth = isRf ? "rf_max_depth" : "gb_max_depth";
                assertTrue(
                        args.startsWith("--clf=" + onNode.get("clf") + " --dataset=optuna-example:v0 --" + depth + "="
                                + onNode.get(depth) + " --"),
                        args);
                assertFalse(args.contains(isRf ? "gb_" : "rf_"), args);
                double want = isRf
                        ? ((Number) onNode.get("rf_max_depth")).doubleValue()
                        : 100 * ((Number) onNode.get("gb_max_depth")).doubleValue();
                assertEquals(want, t.value());
                if (isRf) rf++;
                else gb++;
            }
            assertTrue(rf > 0 && gb > 0, "seed 5 draws both branches in 10 trials: RF " + rf + ", GB " + gb);
            Table table = study.results();
            for (int r = 0; r < table.rowCount(); r++) {
                boolean isRf = "RF".equals(table.stringColumn("clf").get(r));
                assertEquals(isRf, table.column("gb_max_depth").isMissing(r));
                assertEquals(!isRf, table.column("rf_max_depth").isMissing(r));
            }
            assertEquals(
                    Set.of("RF", "GB"), Set.copyOf(table.stringColumn("clf").asList()));
        }
    }
}
