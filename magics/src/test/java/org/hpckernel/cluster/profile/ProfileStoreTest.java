package org.hpckernel.cluster.profile;

import org.hpckernel.magic.MagicException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
        store.save(new Profile("gpu", "login.example.org", 2222, "me", "~/.ssh/id_ed25519", null, null, "slurm", null, "gpu", "proj1",
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
        MagicException e = assertThrows(MagicException.class, () -> store.require("myclustr"));
        assertTrue(e.getMessage().contains("Did you mean mycluster?"), e.getMessage());
    }

    @Test
    void aBrokenFileIsReportedWithItsPath(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("p.yaml"), "profiles: [ {name: x, host: ");
        MagicException e = assertThrows(MagicException.class, () -> new ProfileStore(file).all());
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    }

    @Test
    void dotEnvReadsQuotesExportAndComments(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve(".env"), "# HPC-Ops settings\nexport RESOURCE_GROUP=a-batch\nWANDB_APIKEY=\"abc 123\"\nEMPTY=\nX='y' \nZ=1 # note\n");
        var env = DotEnv.read(dir);
        assertEquals("a-batch", env.get("RESOURCE_GROUP"));
        assertEquals("abc 123", env.get("WANDB_APIKEY"));
        assertEquals("", env.get("EMPTY"));
        assertEquals("y", env.get("X"));
        assertEquals("1", env.get("Z"));
        assertFalse(DotEnv.read(dir.resolve("nowhere")).containsKey("X"));
    }
}
