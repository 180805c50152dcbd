package org.hpckernel.magic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

class MagicRegistryTest {

    /** A plain (non-picocli) magic that echoes its arguments. */
    private record Hpc() implements Magic {
        @Override
        public String name() {
            return "hpc";
        }

        @Override
        public String summary() {
            return "Cluster jobs";
        }

        @Override
        public String help() {
            return "%hpc ARGS\n  Example: %hpc status";
        }

        @Override
        public Object run(MagicCall call, MagicContext context) {
            return "ran " + call.args();
        }

        @Override
        public List<String> completions(List<String> args) {
            return args.isEmpty() ? List.of("submit", "status", "sweep") : List.of("--nodes", "--name");
        }
    }

    private static final MagicContext NO_CONTEXT = QuietContext.INSTANCE;

    private final MagicRegistry registry = MagicRegistry.withBuiltins().register(new Hpc());

    @Test
    void lsmagicIsATableOfNameKindAndSummary() throws Exception {
        Table table = assertInstanceOf(Table.class, registry.run(MagicCall.line("lsmagic", List.of()), NO_CONTEXT));
        assertEquals(List.of("name", "kind", "summary"), table.columnNames());
        assertEquals(
                List.of("%help", "%hpc", "%lsmagic"), table.stringColumn("name").asList());
        assertEquals("Cluster jobs", table.stringColumn("summary").get(1));
        assertEquals("line", table.stringColumn("kind").get(0));
    }

    @Test
    void helpNameShowsThatMagicsHelp() throws Exception {
        assertEquals(new Hpc().help(), registry.run(MagicCall.line("help", List.of("hpc")), NO_CONTEXT));
        assertEquals(new Hpc().help(), registry.run(MagicCall.line("help", List.of("%hpc")), NO_CONTEXT));
        String overview = (String) registry.run(MagicCall.line("help", List.of()), NO_CONTEXT);
        assertTrue(overview.contains("%hpc") && overview.contains("Cluster jobs"), overview);
    }

    @Test
    void helpOfAnUnknownMagicSuggestsTheClosest() {
        MagicException e = assertThrows(
                MagicException.class, () -> registry.run(MagicCall.line("help", List.of("hcp")), NO_CONTEXT));
        assertTrue(e.getMessage().contains("Did you mean %hpc?"), e.getMessage());
    }

    @Test
    void unknownMagicNamesTheClosestByEditDistance() {
        MagicException e =
                assertThrows(MagicException.class, () -> registry.run(MagicCall.line("hcp", List.of()), NO_CONTEXT));
        assertEquals("Unknown magic %hcp. Did you mean %hpc? (%lsmagic lists them)", e.getMessage());
    }

    @Test
    void unknownMagicFarFromAllNamesOnlyPointsAtLsmagic() {
        MagicException e = assertThrows(
                MagicException.class, () -> registry.run(MagicCall.line("tensorboard", List.of()), NO_CONTEXT));
        assertEquals("Unknown magic %tensorboard. (%lsmagic lists them)", e.getMessage());
    }

    @Test
    void helpFlagAnywhereReturnsTheMagicsHelp() throws Exception {
        assertEquals(new Hpc().help(), registry.run(MagicCall.line("hpc", List.of("status", "--help")), NO_CONTEXT));
        assertEquals(new Hpc().help(), registry.run(MagicCall.line("hpc", List.of("-h")), NO_CONTEXT));
        assertEquals(new Hpc().help(), registry.run(MagicCall.cell("hpc", List.of("-h"), "body"), NO_CONTEXT));
        assertEquals(
                "ran [status, --helpful]",
                registry.run(MagicCall.line("hpc", List.of("status", "--helpful")), NO_CONTEXT));
    }

    @Test
    void findAllAndRegisterReplaceByName() {
        assertTrue(registry.find("hpc").isPresent());
        assertFalse(registry.find("nope").isPresent());
        assertEquals(
                List.of("help", "hpc", "lsmagic"),
                registry.all().stream().map(Magic::name).toList());
        Magic other = new CommandMagic("hpc", "replaced", (c, x) -> new Object());
        registry.register(other);
        assertEquals("replaced", registry.find("hpc").orElseThrow().summary());
    }

    @Test
    void completesMagicNamesAfterOneOrTwoPercentSigns() {
        assertEquals(List.of("help", "hpc"), registry.complete("%h"));
        assertEquals(List.of("hpc"), registry.complete("%%hp"));
        assertEquals(List.of("help", "hpc", "lsmagic"), registry.complete("%"));
        assertEquals(List.of("lsmagic"), registry.complete("  %ls"));
    }

    @Test
    void completesWordsAfterTheMagicByThePrefixOfTheCurrentWord() {
        assertEquals(List.of("submit", "status", "sweep"), registry.complete("%hpc "));
        assertEquals(List.of("status"), registry.complete("%hpc st"));
        assertEquals(List.of("--nodes", "--name"), registry.complete("%%hpc submit "));
        assertEquals(List.of("--nodes"), registry.complete("%%hpc submit --no"));
        assertEquals(List.of(), registry.complete("%hpc submit 'unclosed"));
        assertEquals(List.of(), registry.complete("%nosuch x"));
    }
}
