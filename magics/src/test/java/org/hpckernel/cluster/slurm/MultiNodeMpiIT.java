package org.hpckernel.cluster.slurm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.hpckernel.cluster.Cluster;
import org.hpckernel.cluster.ExecResult;
import org.hpckernel.cluster.JobId;
import org.hpckernel.cluster.JobSpec;
import org.hpckernel.cluster.JobState;
import org.hpckernel.cluster.JobStatus;
import org.hpckernel.cluster.Prompter;
import org.hpckernel.cluster.TestCluster;
import org.hpckernel.cluster.profile.Profile;
import org.hpckernel.cluster.ssh.SshTransport;
import org.hpckernel.ledger.Ledger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An existing MPI batch script, pasted as it is, on the localhost Slurm cluster's two nodes
 * (install/test-cluster.sh up: nodes n1 and n2, Lmod with module openmpi/4.1, Debian's Open MPI and
 * mpi4py). Its {@code #SBATCH --nodes} and {@code --ntasks-per-node} lines reach sbatch unchanged.
 */
class MultiNodeMpiIT {

    static final Duration ENDS_WITHIN = Duration.ofSeconds(180);

    /** As a user would paste it: login shell, directives, module load, mpirun with no rank count. */
    static final String MPI_HELLO = """
            #!/bin/bash -l
            #SBATCH --job-name=mpi-hello
            #SBATCH --nodes=2
            #SBATCH --ntasks-per-node=2
            #SBATCH --time=00:02:00

            module load openmpi
            echo "modules: $LOADEDMODULES"
            srun bash -c 'echo "srun task $SLURM_PROCID on $SLURMD_NODENAME"'

            cat > hello.py <<'EOF'
            from mpi4py import MPI
            import os
            comm = MPI.COMM_WORLD
            total = comm.allreduce(comm.rank)
            print(f"rank {comm.rank} of {comm.size} on {os.environ['SLURMD_NODENAME']} sum {total}", flush=True)
            EOF
            mpirun python3 hello.py
            """;

    private static SshTransport transport;
    private static Ledger ledger;
    private static Cluster cluster;

    @BeforeAll
    static void connect() throws Exception {
        transport = new SshTransport(TestCluster.target(), Prompter.NONE);
        ledger = Ledger.open(Files.createTempDirectory("hpc-ledger").resolve("ledger.db"));
        Profile profile = new Profile(
                "mpi", "localhost", null, null, null, null, null, "slurm", "~/hpc-kernel-it", null, null, List.of());
        cluster = new Cluster(
                profile, transport, new org.hpckernel.cluster.BatchProtocol(new SlurmScheduler(), transport), ledger);
    }

    @AfterAll
    static void disconnect() {
        transport.close();
        ledger.close();
    }

    /** The cluster's node names (n1,n2 from `install/test-cluster.sh env`). */
    static List<String> nodes() {
        String nodes = System.getenv("HPC_SLURM_NODES");
        return Arrays.asList((nodes == null || nodes.isBlank() ? "n1,n2" : nodes).split(","));
    }

    JobStatus runToEnd(JobSpec spec) throws Exception {
        JobId id = cluster.submit(spec);
        return cluster.await(List.of(id), ENDS_WITHIN, s -> {}).get(id);
    }

    @Test
    void aPastedMpiScriptRunsFourRanksOnTwoNodes() throws Exception {
        JobStatus s =
                runToEnd(JobSpec.builder().name("mpi-hello").script(MPI_HELLO).build());
        String log = cluster.tail(s.id(), false, 50);
        String why = s + "\nstdout:\n" + log + "\nstderr:\n" + cluster.tail(s.id(), true, 50);
        assertEquals(JobState.COMPLETED, s.state(), why);
        assertTrue(log.contains("modules: openmpi/4.1"), why);
        List<String> ranks = log.lines().filter(l -> l.startsWith("rank ")).toList();
        assertEquals(4, ranks.size(), why);
        for (int rank = 0; rank < 4; rank++) {
            String prefix = "rank " + rank + " of 4 on ";
            assertTrue(
                    ranks.stream().anyMatch(l -> l.startsWith(prefix) && l.endsWith(" sum 6")), prefix + "...\n" + why);
        }
        assertEquals(4, log.lines().filter(l -> l.startsWith("srun task ")).count(), why);
        List<String> nodes = nodes();
        assertTrue(nodes.size() >= 2, "the test cluster should have two nodes: " + nodes);
        for (String node : nodes.subList(0, 2)) {
            // --ntasks-per-node=2: two ranks and two srun tasks on each node
            assertEquals(
                    2,
                    ranks.stream()
                            .filter(l -> l.endsWith(" on " + node + " sum 6"))
                            .count(),
                    node + "\n" + why);
            assertEquals(
                    2,
                    log.lines()
                            .filter(l -> l.startsWith("srun task ") && l.endsWith(" on " + node))
                            .count(),
                    node + "\n" + why);
        }
    }

    @Test
    void moduleAvailListsOpenMpiInJobsAndLoginShells() throws Exception {
        // a plain #!/bin/bash job is no login shell: `module` comes from the cluster's BASH_ENV
        JobStatus s = runToEnd(JobSpec.builder()
                .name("module-avail")
                .script("#!/bin/bash\nmodule -t avail 2>&1\n")
                .build());
        String log = cluster.tail(s.id(), false, 50);
        assertEquals(JobState.COMPLETED, s.state(), s + "\n" + log + cluster.tail(s.id(), true, 20));
        assertTrue(log.lines().anyMatch(l -> l.strip().equals("openmpi/4.1")), log);

        ExecResult ssh = transport.exec("bash -lc 'module -t avail 2>&1'", Duration.ofSeconds(30));
        assertTrue(ssh.ok(), ssh.stdout() + ssh.stderr());
        assertTrue(ssh.stdout().lines().anyMatch(l -> l.strip().equals("openmpi/4.1")), ssh.stdout());
    }

    @Test
    void aModuleTheJobAsksForIsLoadedBeforeItsScript() throws Exception {
        // JobSpec.module: the generated #!/bin/bash job script runs `module load` itself
        JobStatus s = runToEnd(JobSpec.builder()
                .name("with-module")
                .module("openmpi")
                .script("echo \"$LOADEDMODULES $MPI_HOME\"\ncommand -v mpirun\n")
                .build());
        String log = cluster.tail(s.id(), false, 5);
        assertEquals(JobState.COMPLETED, s.state(), s + "\n" + log + cluster.tail(s.id(), true, 20));
        List<String> lines = log.lines().toList();
        assertEquals(2, lines.size(), log);
        assertTrue(lines.get(0).startsWith("openmpi/4.1 /"), log);
        assertEquals(lines.get(0).substring(lines.get(0).indexOf(' ') + 1) + "/bin/mpirun", lines.get(1), log);
    }
}
