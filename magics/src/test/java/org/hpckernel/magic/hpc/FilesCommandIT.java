package org.hpckernel.magic.hpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
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

/** %hpc put, get and ls through the magic on a local-scheduler profile: job paths (JOBID:, last:), patterns, messages. */
class FilesCommandIT {

    private static Hpc hpc;
    private static CommandMagic magic;
    private static Path notebook;
    private static String job;

    private static final MagicContext CONTEXT = new MagicContext() {
        public LiveDisplay show(Object value) {
            return v -> {};
        }

        public void print(String text) {}

        public String ask(String prompt, boolean secret) {
            return null;
        }

        public Path workingDirectory() {
            return notebook;
        }
    };

    @BeforeAll
    static void session() throws Exception {
        Path home = Files.createTempDirectory("hpc-files-it");
        notebook = Files.createDirectories(home.resolve("notebook"));
        Files.writeString(
                home.resolve("profiles.yaml"),
                "current: it\nprofiles:\n- name: it\n  host: localhost\n  scheduler: local\n  workdir: \""
                        + home.resolve("work") + "\"\n");
        hpc = new Hpc(new ProfileStore(home.resolve("profiles.yaml")), Ledger.open(home.resolve("ledger.db")));
        magic = HpcMagic.create(() -> hpc);
        job = (String) run("mkdir -p sub\necho result > out.txt\necho deep > sub/x.txt\n", "submit", "--name", "files");
        run(null, "wait", job, "--timeout", "60");
    }

    @AfterAll
    static void close() {
        hpc.close();
    }

    private static Object run(String body, String... args) throws Exception {
        MagicCall call =
                body == null ? MagicCall.line("hpc", List.of(args)) : MagicCall.cell("hpc", List.of(args), body);
        return magic.run(call, CONTEXT);
    }

    @Test
    void lsShowsAJobsFolderAsATable() throws Exception {
        Table t = (Table) run(null, "ls", "last:");
        List<String> names = t.stringColumn("name").asList();
        assertTrue(names.contains("out.txt") && names.contains("sub/"), names.toString());
        assertEquals(List.of("name", "size", "bytes", "modified", "type"), t.columnNames());
        int row = names.indexOf("out.txt");
        assertEquals("7 B", t.stringColumn("size").get(row));
        assertEquals("file", t.stringColumn("type").get(row));
        assertEquals("directory", t.stringColumn("type").get(names.indexOf("sub/")));
    }

    @Test
    void getBringsAJobFileOrTheWholeFolderIntoTheNotebooksFolder() throws Exception {
        String said = (String) run(null, "get", "last:out.txt");
        assertTrue(said.startsWith("Got 1 file") && said.contains("verified by SHA-256"), said);
        assertEquals("result\n", Files.readString(notebook.resolve("out.txt")));
        String again = (String) run(null, "get", "last:out.txt");
        assertTrue(
                again.startsWith("Unchanged, nothing copied.\n")
                        && again.contains(
                                " -> " + notebook.resolve("out.txt") + "  7 B, unchanged (same size and time)"),
                again);

        run(null, "get", job + ":", "results/");
        assertEquals("result\n", Files.readString(notebook.resolve("results/out.txt")));
        assertEquals("deep\n", Files.readString(notebook.resolve("results/sub/x.txt")));
        run(null, "get", job + ":sub/x.txt", "renamed.txt");
        assertEquals("deep\n", Files.readString(notebook.resolve("renamed.txt")));
    }

    @Test
    void putSendsMatchingFilesIntoAJobsFolder() throws Exception {
        Files.writeString(notebook.resolve("a.csv"), "1,2\n");
        Files.writeString(notebook.resolve("b.csv"), "3,4\n");
        String said = (String) run(null, "put", "*.csv", job + ":inputs");
        assertTrue(said.startsWith("Put 2 files"), said);
        Table t = (Table) run(null, "ls", job + ":inputs");
        assertEquals(List.of("a.csv", "b.csv"), t.stringColumn("name").asList());
    }

    @Test
    void missingFilesAndBadPathsSayWhatToDo() {
        HpcException local = assertThrows(HpcException.class, () -> run(null, "put", "nope.txt", "/tmp/"));
        assertTrue(
                local.getMessage().contains("nope.txt") && local.getMessage().contains("notebook's folder"),
                local.getMessage());
        HpcException remote = assertThrows(HpcException.class, () -> run(null, "get", "last:nope.txt"));
        assertTrue(
                remote.getMessage().contains("No file or folder last:nope.txt")
                        && remote.getMessage().contains("%hpc ls"),
                remote.getMessage());
        HpcException absolute = assertThrows(HpcException.class, () -> run(null, "ls", "last:/etc"));
        assertTrue(absolute.getMessage().contains("inside the job's folder"), absolute.getMessage());
        HpcException unknown = assertThrows(HpcException.class, () -> run(null, "ls", "999999:"));
        assertTrue(unknown.getMessage().contains("999999 is not known"), unknown.getMessage());
    }
}
