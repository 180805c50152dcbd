package org.hpckernel.magic.hpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.hpckernel.HpcException;
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
import tech.tablesaw.api.Table;

/**
 * {@code %hpc modules} and {@code %%hpc container build} through the magic, on a local-scheduler
 * profile: this machine is the test cluster's login host, so it has the same Lmod (openmpi/4.1).
 * The build finds a STAND-IN apptainer (src/test/resources/stand-in/apptainer) first on its PATH.
 */
class ModulesAndContainerCommandIT {

    private static Hpc hpc;
    private static CommandMagic magic;
    private static Path home;
    private static final StringBuffer printed = new StringBuffer();

    @BeforeAll
    static void session() throws Exception {
        home = Files.createTempDirectory("hpc-modules-it");
        Path profiles = home.resolve("profiles.yaml");
        Files.writeString(
                profiles,
                "current: it\nprofiles:\n- name: it\n  host: localhost\n  scheduler: local\n  workdir: \""
                        + home.resolve("work") + "\"\n");
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

        public void print(String text) {
            printed.append(text);
        }

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
    void modulesAreListedSearchedAndCheckedAtSubmit() throws Exception {
        Table found = (Table) run(null, "modules", "mpi");
        assertEquals(List.of("openmpi"), found.stringColumn("name").asList());
        assertEquals(List.of("4.1"), found.stringColumn("version").asList());
        assertEquals(List.of("*"), found.stringColumn("default").asList());
        assertEquals("No module matches 'opnmpi' on it. Did you mean openmpi/4.1?", run(null, "modules", "opnmpi"));
        HpcException refused = assertThrows(HpcException.class, () -> run("true", "submit", "--module", "opnmpi"));
        assertTrue(
                refused.getMessage().contains("no module 'opnmpi'; did you mean openmpi/4.1?"), refused.getMessage());
    }

    @Test
    void anImageIsBuiltAsAJobAndFoundByItsBareName() throws Exception {
        Path bin = Files.createDirectories(home.resolve("stand-in"));
        try (InputStream in = getClass().getResourceAsStream("/stand-in/apptainer")) {
            Files.write(bin.resolve("apptainer"), in.readAllBytes());
        }
        Files.setPosixFilePermissions(bin.resolve("apptainer"), PosixFilePermissions.fromString("rwxr-xr-x"));
        String dry = String.valueOf(run("", "container", "build", "tools.sif", "--from", "ubuntu:22.04", "--dry-run"));
        Path images = home.resolve("work").resolve("images");
        assertTrue(
                dry.startsWith("# " + images.resolve("tools.def") + "\nBootstrap: docker\nFrom: ubuntu:22.04\n"), dry);
        assertTrue(dry.contains("build --force --fakeroot"), dry);
        assertTrue(!Files.exists(images.resolve("tools.def")), "a dry run writes nothing");

        String id = (String) run(
                "%post\n    echo hi\n",
                "container", "build", "tools.sif", "--from", "ubuntu:22.04", "--env", "PATH=" + bin + ":/usr/bin:/bin");
        run(null, "wait", id, "--timeout", "60");
        assertTrue(Files.readString(images.resolve("tools.sif")).contains("From: ubuntu:22.04\n%post\n    echo hi"));
        assertTrue(String.valueOf(run(null, "logs", id)).contains("INFO:    Build complete:"));
        assertTrue(
                printed.toString().contains("Building " + images.resolve("tools.sif") + " as job " + id),
                printed.toString());

        String rendered = String.valueOf(run("python3 train.py", "submit", "--container", "tools.sif", "--dry-run"));
        assertTrue(rendered.contains(" exec --nv '" + images.resolve("tools.sif") + "' "), rendered);
        HpcException noHeader =
                assertThrows(HpcException.class, () -> run("%post\n  echo\n", "container", "build", "x.sif"));
        assertTrue(noHeader.getMessage().contains("--from IMAGE"), noHeader.getMessage());
    }
}
