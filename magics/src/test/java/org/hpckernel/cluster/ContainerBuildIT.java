package org.hpckernel.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.hpckernel.cluster.container.ContainerDefinition;
import org.hpckernel.cluster.profile.Profile;
import org.hpckernel.cluster.slurm.SlurmScheduler;
import org.hpckernel.cluster.ssh.SshTransport;
import org.hpckernel.ledger.Ledger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An image built as a job on the localhost Slurm, then used by its bare name. There is no Apptainer
 * here: the jobs find a STAND-IN {@code apptainer} (src/test/resources/stand-in/apptainer) first on
 * their PATH, uploaded by this test into its own work root; nothing on the cluster is changed.
 */
class ContainerBuildIT {

    private static SshTransport transport;
    private static Ledger ledger;
    private static Cluster cluster;
    private static String standInPath;

    @BeforeAll
    static void connect() throws Exception {
        transport = new SshTransport(TestCluster.target(), Prompter.NONE);
        ledger = Ledger.open(Files.createTempDirectory("hpc-ledger").resolve("ledger.db"));
        cluster = new Cluster(
                new Profile(
                        "images",
                        "localhost",
                        null,
                        null,
                        null,
                        null,
                        null,
                        "slurm",
                        "~/hpc-kernel-it-images",
                        null,
                        null,
                        List.of()),
                transport,
                new BatchProtocol(new SlurmScheduler(), transport),
                ledger);
        String dir = cluster.workRoot() + "/stand-in";
        try (InputStream in = ContainerBuildIT.class.getResourceAsStream("/stand-in/apptainer")) {
            transport.write(dir + "/apptainer", in.readAllBytes(), 0755);
        }
        standInPath = dir + ":/usr/local/bin:/usr/bin:/bin";
    }

    @AfterAll
    static void disconnect() {
        transport.close();
        ledger.close();
    }

    @Test
    void anImageIsBuiltAsAJobIntoTheImageFolderAndFoundThereByItsBareName() throws Exception {
        String name = "hello-" + System.nanoTime() + ".sif";
        String def = ContainerDefinition.withBase("%post\n    echo built\n", Optional.of("ubuntu:22.04"));
        Cluster.Submitted build = cluster.buildImage(
                name, def, JobSpec.builder().env("PATH", standInPath).timeLimit(Duration.ofMinutes(5)));
        JobStatus s = cluster.await(List.of(build.id()), Duration.ofSeconds(120), x -> {})
                .get(build.id());
        String log = cluster.tail(build.id(), false, 20);
        assertEquals(JobState.COMPLETED, s.state(), s + "\n" + log);
        String images = cluster.workRoot() + "/images";
        assertEquals(images, cluster.imagesFolder());
        assertTrue(
                log.contains("hpc-kernel: apptainer build --fakeroot " + images + "/" + name)
                        && log.contains("INFO:    Build complete: ")
                        && log.contains("hpc-kernel: image ready: " + images + "/" + name),
                log);
        String image = new String(transport.read(images + "/" + name, 0, 4096), StandardCharsets.UTF_8);
        assertTrue(image.contains("Bootstrap: docker\nFrom: ubuntu:22.04\n%post\n    echo built"), image);
        assertEquals(
                def,
                new String(
                        transport.read(images + "/" + name.replace(".sif", ".def"), 0, 4096), StandardCharsets.UTF_8));
        // no partial file is left behind
        assertEquals(
                "",
                transport
                        .exec("ls -A " + Shell.quote(images) + " | grep building || true", Duration.ofSeconds(30))
                        .stdout());

        JobSpec use = JobSpec.builder()
                .name("inside")
                .env("PATH", standInPath)
                .container(new JobSpec.Container("apptainer", name, false))
                .script("echo inside the image")
                .build();
        String rendered = cluster.render(use);
        assertTrue(
                rendered.contains(
                        "'apptainer' exec " + Shell.quote(images + "/" + name) + " \"$HPC_JOB_DIR/user-script\""),
                rendered);
        JobId id = cluster.submit(use);
        JobStatus ran =
                cluster.await(List.of(id), Duration.ofSeconds(120), x -> {}).get(id);
        assertEquals(JobState.COMPLETED, ran.state(), ran + "\n" + cluster.tail(id, false, 10));
        assertEquals("inside the image\n", cluster.tail(id, false, 5));
    }
}
