package org.hpckernel.magic.wandb;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.hpckernel.HpcException;
import org.hpckernel.magic.CommandMagic;
import org.hpckernel.magic.LiveDisplay;
import org.hpckernel.magic.MagicCall;
import org.hpckernel.magic.MagicContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

class WandbMagicTest {

    @TempDir
    Path dir;

    final List<String> printed = new ArrayList<>();
    final List<String> prompts = new ArrayList<>();

    MagicContext context(String answer) {
        return new MagicContext() {
            public LiveDisplay show(Object value) {
                printed.add(String.valueOf(value));
                return v -> printed.add(String.valueOf(v));
            }

            public void print(String text) {
                printed.add(text);
            }

            public String ask(String prompt, boolean secret) {
                assertTrue(secret, "keys are asked hidden");
                prompts.add(prompt);
                return answer;
            }

            public Path workingDirectory() {
                return dir;
            }
        };
    }

    Object run(CommandMagic m, MagicContext c, String... args) throws Exception {
        return m.run(MagicCall.line("wandb", List.of(args)), c);
    }

    @Test
    void putGetAndLsOnTheLocalFileStore() throws Exception {
        CommandMagic m = WandbMagic.create(
                () -> {
                    throw new AssertionError("no cluster needed");
                },
                Map.of("HPC_ARTIFACTS", dir.resolve("store").toString()));
        Files.writeString(dir.resolve("iris.csv"), "a,b\n1,2\n");
        Table t = (Table)
                run(m, context(null), "artifact", "put", "iris", "iris.csv", "--type", "dataset", "--alias", "raw");
        assertEquals("v0", t.stringColumn("version").get(0));
        assertEquals("latest,raw", t.stringColumn("aliases").get(0));
        Files.writeString(dir.resolve("iris.csv"), "a,b\n1,3\n");
        run(m, context(null), "artifact", "put", "iris", "iris.csv", "--type", "dataset");
        Table versions = (Table) run(m, context(null), "artifact", "ls", "iris");
        assertEquals(2, versions.rowCount());
        String got = (String) run(m, context(null), "artifact", "get", "iris:raw", "--to", "out");
        assertTrue(got.contains("iris:v0"), got);
        assertEquals("a,b\n1,2\n", Files.readString(dir.resolve("out/iris.csv")));
        HpcException e = assertThrows(HpcException.class, () -> run(m, context(null), "artifact", "get", "iris:nope"));
        assertTrue(e.getMessage().contains("'nope'"), e.getMessage());
    }

    @Test
    void loginAsksHiddenChecksTheKeyWithViewerAndSaysWhoseItIs() throws Exception {
        org.hpckernel.tracking.FakeWandb fake = new org.hpckernel.tracking.FakeWandb();
        fake.server.start();
        try {
            CommandMagic m = WandbMagic.create(() -> null, Map.of("WANDB_BASE_URL", fake.baseUrl()));
            String wrong = "local-9999999999999999999999999999999999999999";
            HpcException e = assertThrows(HpcException.class, () -> run(m, context(wrong), "login", "--relogin"));
            assertTrue(e.getMessage().contains("refused the API key"), e.getMessage());
            assertFalse(e.getMessage().contains(wrong));
            Object out = run(m, context(org.hpckernel.tracking.FakeWandb.KEY), "login", "--relogin");
            assertEquals(2, prompts.size());
            assertTrue(
                    String.valueOf(out).contains("as ada (default entity lab)")
                            && String.valueOf(out).contains("from prompt"),
                    String.valueOf(out));
            assertFalse(String.valueOf(out).contains(org.hpckernel.tracking.FakeWandb.KEY));
            printed.forEach(p -> assertFalse(p.contains(org.hpckernel.tracking.FakeWandb.KEY)));
            assertTrue(fake.operations.contains("Viewer"));
        } finally {
            fake.server.shutdown();
        }
    }

    @Test
    void theDefaultEntityIsTheViewers() throws Exception {
        org.hpckernel.tracking.FakeWandb fake = new org.hpckernel.tracking.FakeWandb();
        fake.server.start();
        try {
            CommandMagic m = WandbMagic.create(
                    () -> null,
                    Map.of(
                            "WANDB_BASE_URL",
                            fake.baseUrl(),
                            "WANDB_PROJECT",
                            "hpo",
                            "WANDB_API_KEY",
                            org.hpckernel.tracking.FakeWandb.KEY));
            run(m, context(null), "artifact", "ls", "--store", "wandb");
            assertEquals(
                    "lab",
                    fake.lastVariables()
                            .get("ProjectArtifactCollections")
                            .path("entity")
                            .asText());
        } finally {
            fake.server.shutdown();
        }
    }

    @Test
    void pushCopiesAFileStoreVersionToWandb() throws Exception {
        org.hpckernel.tracking.FakeWandb fake = new org.hpckernel.tracking.FakeWandb();
        fake.server.start();
        try {
            CommandMagic m = WandbMagic.create(
                    () -> null,
                    Map.of(
                            "HPC_ARTIFACTS",
                            dir.resolve("store").toString(),
                            "WANDB_BASE_URL",
                            fake.baseUrl(),
                            "WANDB_ENTITY",
                            "lab",
                            "WANDB_PROJECT",
                            "hpo"));
            run(m, context(org.hpckernel.tracking.FakeWandb.KEY), "login", "--relogin");
            Files.writeString(dir.resolve("flow.py"), "class MyFlowLogic: pass\n");
            run(m, context(null), "artifact", "put", "flow", "flow.py", "--type", "code", "--alias", "prod");
            String out = (String) run(m, context(null), "artifact", "push", "flow:v0");
            assertTrue(out.contains("Pushed flow:v0 to W&B as flow:v0"), out);
            assertTrue(fake.operations.contains("CommitArtifact"), fake.operations.toString());
            Table onWandb = (Table) run(m, context(null), "artifact", "ls", "flow", "--store", "wandb");
            assertEquals("code", onWandb.stringColumn("type").get(0));
            assertTrue(onWandb.stringColumn("aliases").get(0).contains("prod"), onWandb.print());
        } finally {
            fake.server.shutdown();
        }
    }

    @Test
    void wandbStoreWithoutProjectSaysWhatToSet() {
        CommandMagic m = WandbMagic.create(
                () -> null, Map.of("WANDB_API_KEY", "local-1111111111111111111111111111111111111111"));
        HpcException e =
                assertThrows(HpcException.class, () -> run(m, context(null), "artifact", "ls", "--store", "wandb"));
        assertTrue(e.getMessage().contains("WANDB_PROJECT"), e.getMessage());
    }
}
