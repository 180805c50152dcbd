package org.hpckernel.magic.hpc;

import static org.hpckernel.cluster.TestCluster.env;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.hpckernel.cluster.profile.ProfileStore;
import org.hpckernel.ledger.Ledger;
import org.hpckernel.magic.CommandMagic;
import org.hpckernel.magic.LiveDisplay;
import org.hpckernel.magic.MagicCall;
import org.hpckernel.magic.MagicContext;
import org.hpckernel.session.Hpc;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** %hpc wait on the localhost Slurm (install/test-cluster.sh up): it stops on a job that can never start and says why, and warns when it should. */
class WaitAdviceIT {

    private static Hpc hpc;
    private static CommandMagic magic;

    @BeforeAll
    static void session() throws Exception {
        Path home = Files.createTempDirectory("hpc-wait-it");
        Path profiles = home.resolve("profiles.yaml");
        Files.writeString(
                profiles,
                "current: it\nprofiles:\n- name: it\n  host: \"" + env("HPC_SSH_HOST") + "\"\n  port: "
                        + env("HPC_SSH_PORT") + "\n  user: \"" + env("HPC_SSH_USER") + "\"\n  key: \""
                        + env("HPC_SSH_KEY") + "\"\n  knownHosts: \""
                        + env("HPC_SSH_KNOWN_HOSTS") + "\"\n  scheduler: slurm\n  workdir: \"~/hpc-kernel-it\"\n");
        hpc = new Hpc(new ProfileStore(profiles), Ledger.open(home.resolve("ledger.db")));
        magic = HpcMagic.create(() -> hpc);
    }

    @AfterAll
    static void close() {
        hpc.close();
    }

    private static final MagicContext CONTEXT = new MagicContext() {
        public LiveDisplay show(Object value) {
            return v -> {};
        }

        public void print(String text) {}

        public String ask(String prompt, boolean secret) {
            return null;
        }

        public Path workingDirectory() {
            return Path.of("").toAbsolutePath();
        }
    };

    private static Object run(String body, String... args) throws Exception {
        MagicCall call =
                body == null ? MagicCall.line("hpc", List.of(args)) : MagicCall.cell("hpc", List.of(args), body);
        return magic.run(call, CONTEXT);
    }

    @Test
    void aJobAboveEveryLimitOfItsPartitionIsRefusedBeforeSbatchWithWhereItFits() {
        // partition short allows 10 minutes (install/test-cluster.sh): the limits are read once and checked before
        // sending
        var e = assertThrows(
                org.hpckernel.cluster.SubmitFailed.class,
                () -> run("true", "submit", "--name", "too-long", "--partition", "short", "--time", "20"));
        assertTrue(
                e.getMessage().contains("never start") && e.getMessage().contains("--partition debug"), e.getMessage());
    }

    @Test
    void aJobWhosePartitionLimitDropsBelowItStopsTheWaitWithWhatToDo() throws Exception {
        // the limit changes after the job was accepted (an admin lowers MaxTime): Slurm keeps it pending for ever
        String id = (String) run(
                "#!/bin/bash\n#SBATCH --hold\ntrue",
                "submit",
                "--name",
                "limit-dropped",
                "--partition",
                "short",
                "--time",
                "8");
        try {
            scontrol("update", "PartitionName=short", "MaxTime=5");
            scontrol("release", id);
            String summary = String.valueOf(run(null, "wait", id, "--timeout", "120"));
            assertTrue(summary.startsWith("Stopped waiting: job " + id + " will never start"), summary);
            // Slurm names the first limit it checks: PartitionTimeLimit, or PartitionConfig on the two-node test
            // cluster
            assertTrue(
                    summary.contains("(PartitionTimeLimit)")
                                    && summary.contains("--time is above the partition's MaxTime")
                            || summary.contains("(PartitionConfig)") && summary.contains("scontrol show partition"),
                    summary);
            assertTrue(summary.contains("%hpc cancel " + id), summary);
        } finally {
            scontrol("update", "PartitionName=short", "MaxTime=10");
            run(null, "cancel", id);
        }
    }

    /** The test runs as root beside the test cluster: an administrator's change to Slurm. */
    private static void scontrol(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("scontrol"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).inheritIO().start();
        assertTrue(
                p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS) && p.exitValue() == 0, String.join(" ", command));
    }

    @Test
    void aLogFolderThatDoesNotExistIsNamedAsTheCause() throws Exception {
        String id =
                (String) run("true", "submit", "--name", "no-log-folder", "--output", "/root/hpc-it-cannot-write.out");
        String summary = String.valueOf(run(null, "wait", id, "--timeout", "120"));
        assertTrue(
                summary.contains("ended FAILED, before its script ran")
                        && summary.contains("could not open the job's output or error file"),
                summary);
        assertTrue(!summary.contains("exit code -1"), summary);
    }

    @Test
    void aCompletedJobWhoseCommandWasMissingIsWarned() throws Exception {
        // (the test cluster has Lmod, so `module` is found there: the module advice is tested on recorded stderr)
        String id =
                (String) run("#!/bin/bash\nnosuchtool-hpc-it --version\necho done\n", "submit", "--name", "half-ran");
        String summary = String.valueOf(run(null, "wait", id, "--timeout", "120"));
        assertTrue(summary.contains("Warning: job " + id + " is COMPLETED, but its stderr says"), summary);
        assertTrue(summary.contains("nosuchtool-hpc-it was not found") && summary.contains("set -e"), summary);
    }
}
