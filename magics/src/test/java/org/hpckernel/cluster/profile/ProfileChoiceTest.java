package org.hpckernel.cluster.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.hpckernel.ledger.Ledger;
import org.hpckernel.session.Hpc;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProfileChoiceTest {

    private static final Profile GPU =
            new Profile("gpu", "login.example.org", 2222, "me", null, null, null, "slurm", null, null, null, List.of());
    private static final Profile CPU =
            new Profile("cpu", "cpu.example.org", null, null, null, null, null, "slurm", null, null, null, List.of());

    @Test
    void useInOneKernelLeavesAnotherKernelAndNewOnesAlone(@TempDir Path dir) throws Exception {
        ProfileStore store = new ProfileStore(dir.resolve("profiles.yaml"));
        store.save(GPU);
        Path nb = Files.createDirectories(dir.resolve("nb"));
        try (Hpc one = new Hpc(store, Ledger.open(dir.resolve("l1.db")), nb);
                Hpc two = new Hpc(store, Ledger.open(dir.resolve("l2.db")), nb)) {
            one.use("gpu");
            assertEquals("gpu", one.currentProfile().profile().name());
            assertEquals("chosen in this kernel", one.currentProfile().reason());
            assertEquals("local", two.currentProfile().profile().name());
            assertEquals("local", store.current().name());
            store.use("gpu"); // what --default does
            assertEquals("gpu", two.currentProfile().profile().name());
            assertEquals("default", two.currentProfile().reason());
        }
    }

    @Test
    void aNotebookFolderPinsItsProfileByDotEnvOrHpcYaml(@TempDir Path dir) throws Exception {
        ProfileStore store = new ProfileStore(dir.resolve("profiles.yaml"));
        store.save(GPU);
        store.save(CPU);
        store.use("cpu");
        Path viaYaml = Files.createDirectories(dir.resolve("a"));
        Files.writeString(viaYaml.resolve("hpc.yaml"), "profile: gpu\n");
        Path viaEnv = Files.createDirectories(dir.resolve("b"));
        Files.writeString(viaEnv.resolve(".env"), "RESOURCE_GROUP=small\nHPC_PROFILE=local\n");
        Files.writeString(viaEnv.resolve("hpc.yaml"), "profile: gpu\n");
        try (Hpc a = new Hpc(store, Ledger.open(dir.resolve("a.db")), viaYaml);
                Hpc b = new Hpc(store, Ledger.open(dir.resolve("b.db")), viaEnv)) {
            assertEquals("gpu (pinned by hpc.yaml)", a.currentProfile().toString());
            assertEquals("local (pinned by .env)", b.currentProfile().toString());
            b.use("cpu");
            assertEquals("cpu (chosen in this kernel)", b.currentProfile().toString());
        }
    }

    @Test
    void whereNamesTheProfileAndItsHost() {
        assertEquals("gpu (me@login.example.org:2222)", GPU.where());
        assertEquals("local (this machine)", Profile.local().where());
    }

    @Test
    void homeFollowsTheEnvironment() {
        assertEquals(Path.of("/tmp/someone"), UserDirs.home(java.util.Map.of("HOME", "/tmp/someone")));
    }
}
