import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.hpckernel.cluster.Cluster;
import org.hpckernel.session.Hpc;
import org.hpckernel.cluster.JobSpec;
import org.hpckernel.cluster.profile.ProfileStore;
import org.hpckernel.ledger.Ledger;
import org.hpckernel.sweep.Steering;
import org.hpckernel.sweep.SweepDefinition;
import org.hpckernel.sweep.SweepRun;
import org.hpckernel.sweep.Sweeps;

/**
 * A 1,000-point random sweep submitted by hpc-kernel: the time from Sweeps.start to the array being
 * in the queue (ledger records, params table by SFTP, one sbatch of --array=0-999%50), over a warm
 * session as a notebook has one. The ssh-per-job baseline is timed by submit.sh.
 */
public class SubmitBench {

    public static void main(String[] args) throws Exception {
        System.setProperty("slf4j.internal.verbosity", "ERROR");
        int points = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        Path home = Files.createTempDirectory("sweep-bench");
        Path profiles = home.resolve("profiles.yaml");
        Files.writeString(profiles, "current: bench\nprofiles:\n- name: bench\n  host: \"" + System.getenv("HPC_SSH_HOST") + "\"\n  port: "
                + System.getenv("HPC_SSH_PORT") + "\n  user: \"" + System.getenv("HPC_SSH_USER") + "\"\n  key: \"" + System.getenv("HPC_SSH_KEY")
                + "\"\n  knownHosts: \"" + System.getenv("HPC_SSH_KNOWN_HOSTS") + "\"\n  scheduler: slurm\n  workdir: \"~/hpc-kernel-bench\"\n");
        try (Hpc hpc = new Hpc(new ProfileStore(profiles), Ledger.open(home.resolve("ledger.db")))) {
            Cluster cluster = hpc.cluster("bench");
            cluster.workRoot();   // the notebook's session is open already
            String config = "method: random\nparameters:\n  lr: {distribution: log_uniform_values, min: 0.00001, max: 0.1}\n"
                    + "  layers: {min: 1, max: 8}\n  opt: {values: [adam, sgd, rmsprop]}\n";
            SweepDefinition def = new SweepDefinition("bench-sweep", config, null, null, null, 1,
                    new Steering(points, 50, points, 0, 2 * points), 3, "true",
                    JobSpec.builder().name("bench-sweep").script("x").timeLimit(Duration.ofMinutes(1)).build());
            long t0 = System.nanoTime();
            SweepRun run = Sweeps.of(hpc).start(cluster, def);
            double ms = (System.nanoTime() - t0) / 1e6;
            System.out.printf("hpc-kernel: %d-point random sweep submitted as one array (%d tasks in flight) in %.0f ms%n",
                    points, run.progress().running(), ms);
            run.stop();
        }
    }
}
