package org.hpckernel.cluster.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.hpckernel.HpcException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProfileStoreTest {

    @Test
    void aFreshInstallHasTheLocalProfileAsDefault(@TempDir Path dir) throws Exception {
        ProfileStore store = new ProfileStore(dir.resolve("profiles.yaml"));
        assertEquals("local", store.current().name());
        assertTrue(store.current().isLocal());
    }

    @Test
    void profilesSurviveInAYamlFileAndCanBeChosen(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("sub/profiles.yaml");
        ProfileStore store = new ProfileStore(file);
        store.save(new Profile(
                "gpu",
                "login.example.org",
                2222,
                "me",
                "~/.ssh/id_ed25519",
                null,
                null,
                "slurm",
                null,
                "gpu",
                "proj1",
                List.of("cuda/12.2")));
        store.use("gpu");
        ProfileStore again = new ProfileStore(file);
        Profile p = again.current();
        assertEquals("gpu", p.name());
        assertEquals(2222, p.port());
        assertEquals(List.of("cuda/12.2"), p.modules());
        assertEquals("~/hpc-kernel", p.workdir());
        assertTrue(Files.readString(file).contains("host: \"login.example.org\""), Files.readString(file));
        assertTrue(again.remove("gpu"));
        assertEquals("local", again.current().name());
    }

    @Test
    void anUnknownProfileNamesTheClosestOne(@TempDir Path dir) throws Exception {
        ProfileStore store = new ProfileStore(dir.resolve("p.yaml"));
        store.save(new Profile("mycluster", "h", null, null, null, null, null, "slurm", null, null, null, List.of()));
        HpcException e = assertThrows(HpcException.class, () -> store.require("myclustr"));
        assertTrue(e.getMessage().contains("Did you mean mycluster?"), e.getMessage());
    }

    @Test
    void aBrokenFileIsReportedWithItsPath(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("p.yaml"), "profiles: [ {name: x, host: ");
        HpcException e = assertThrows(HpcException.class, () -> new ProfileStore(file).all());
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    }

    @Test
    void dotEnvReadsQuotesExportAndComments(@TempDir Path dir) throws Exception {
        Files.writeString(
                dir.resolve(".env"),
                "# HPC-Ops settings\nexport RESOURCE_GROUP=a-batch\nWANDB_APIKEY=\"abc 123\"\nEMPTY=\nX='y' \nZ=1 # note\n");
        var env = DotEnv.read(dir);
        assertEquals("a-batch", env.get("RESOURCE_GROUP"));
        assertEquals("abc 123", env.get("WANDB_APIKEY"));
        assertEquals("", env.get("EMPTY"));
        assertEquals("y", env.get("X"));
        assertEquals("1", env.get("Z"));
        assertFalse(DotEnv.read(dir.resolve("nowhere")).containsKey("X"));
    }

    @Test
    void aProfilesEnvironmentIsKeptAndFillsWhatAJobDoesNotSet(@TempDir Path dir) throws Exception {
        ProfileStore store = new ProfileStore(dir.resolve("p.yaml"));
        store.save(new Profile(
                "online",
                "h",
                null,
                null,
                null,
                null,
                null,
                "slurm",
                null,
                null,
                null,
                List.of(),
                java.util.Map.of("WANDB_MODE", "online", "OMP_NUM_THREADS", "4")));
        Profile again = new ProfileStore(dir.resolve("p.yaml")).require("online");
        assertEquals(java.util.Map.of("WANDB_MODE", "online", "OMP_NUM_THREADS", "4"), again.environment());
        org.hpckernel.cluster.Cluster c = new org.hpckernel.cluster.Cluster(
                again,
                new org.hpckernel.cluster.RecordedTransport(),
                new org.hpckernel.cluster.BatchProtocol(
                        new org.hpckernel.cluster.slurm.SlurmScheduler(),
                        new org.hpckernel.cluster.RecordedTransport()),
                null);
        org.hpckernel.cluster.JobSpec spec = c.withDefaults(org.hpckernel.cluster.JobSpec.builder()
                .env("OMP_NUM_THREADS", "8")
                .script("true")
                .build());
        assertEquals("online", spec.environment().get("WANDB_MODE"));
        assertEquals("8", spec.environment().get("OMP_NUM_THREADS"), "the job's own value wins");
    }

    @Test
    void aProfileBuiltByNameEqualsTheOneBuiltByPositionAndTakesTheSameDefaults() {
        Profile byName = Profile.builder("hpc")
                .host("login.example.org")
                .user("me")
                .partition("gpu")
                .modules(List.of("cuda/12"))
                .environment(java.util.Map.of("WANDB_MODE", "online"))
                .build();
        assertEquals(
                new Profile(
                        "hpc",
                        "login.example.org",
                        null,
                        "me",
                        null,
                        null,
                        null,
                        null,
                        null,
                        "gpu",
                        null,
                        List.of("cuda/12"),
                        java.util.Map.of("WANDB_MODE", "online")),
                byName);
        assertEquals("slurm", byName.scheduler());
        assertEquals("~/hpc-kernel", byName.workdir());
        assertEquals(byName, byName.toBuilder().build());
        assertEquals("sge", byName.toBuilder().scheduler("sge").build().scheduler());
    }
}
