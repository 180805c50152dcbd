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
    private record Echo(String name) implements Magic {
        @Override
        public String summary() {
            return "Echo the arguments";
        }

        @Override
        public String help() {
            return "Usage: %" + name + " WORDS...";
        }

        @Override
        public Object run(MagicCall call, MagicContext context) {
            return String.join("|", call.args());
        }

        @Override
        public List<String> completions(List<String> args) {
            return List.of("alpha", "beta", "--loud");
        }
    }

    private final MagicRegistry registry = MagicRegistry.withBuiltins()
            .register(FakeHpcCommand.magic())
            .register(new Echo("echo"))
            .register(new Echo("hpc"));
    private final FakeContext context = new FakeContext();

    private Object run(String name, String args) throws Exception {
        return registry.run(MagicCall.line(name, Tokenizer.tokenize(args)), context);
    }

    @Test
    void runsARegisteredMagic() throws Exception {
        assertEquals("a|b c|", run("echo", "a 'b c' ''"));
    }

    @Test
    void unknownMagicNamesTheClosestMagic() {
        MagicException e = assertThrows(MagicException.class, () -> run("hcp", "status"));
        assertEquals("Unknown magic %hcp. Did you mean %hpc? (%lsmagic lists them)", e.getMessage());
    }

    @Test
    void unknownMagicFarFromEveryNameSuggestsNothing() {
        MagicException e = assertThrows(MagicException.class, () -> run("zzzzzzzz", ""));
        assertEquals("Unknown magic %zzzzzzzz. (%lsmagic lists them)", e.getMessage());
    }

    @Test
    void helpFlagOnAPlainMagicReturnsItsHelp() throws Exception {
        assertEquals("Usage: %echo WORDS...", run("echo", "a --help"));
        assertEquals("Usage: %echo WORDS...", run("echo", "-h"));
        assertEquals("--|--help", run("echo", "-- --help"));
    }

    @Test
    void helpFlagOnACommandMagicShowsTheSubcommandUsage() throws Exception {
        assertTrue(((String) run("fakehpc", "submit --help")).startsWith("Usage: %fakehpc submit"));
    }

    @Test
    void lsmagicListsEveryMagicWithItsSummary() throws Exception {
        Table table = assertInstanceOf(Table.class, run("lsmagic", ""));
        assertEquals(List.of("%echo", "%fakehpc", "%help", "%hpc", "%lsmagic"), table.stringColumn("magic").asList());
        assertEquals("Fake cluster magic", table.stringColumn("summary").get(1));
    }

    @Test
    void helpMagicShowsUsageOfAMagicOrSubcommand() throws Exception {
        assertEquals("Usage: %echo WORDS...", run("help", "echo"));
        assertEquals("Usage: %echo WORDS...", run("help", "%echo"));
        assertTrue(((String) run("help", "fakehpc profile add")).startsWith("Usage: %fakehpc profile add"));
        assertTrue(((String) run("help", "")).contains("%lsmagic"));
    }

    @Test
    void helpMagicForAnUnknownNameSuggestsTheClosest() {
        MagicException e = assertThrows(MagicException.class, () -> run("help", "ecoh"));
        assertTrue(e.getMessage().contains("Did you mean %echo?"), e.getMessage());
    }

    @Test
    void findAndAllSeeRegisteredMagics() {
        assertTrue(registry.find("echo").isPresent());
        assertFalse(registry.find("nope").isPresent());
        assertEquals(5, registry.all().size());
    }

    @Test
    void laterRegistrationReplacesTheEarlierOne() throws Exception {
        registry.register(new CommandMagic("echo", "replacement", (call, ctx) -> new Object()));
        assertEquals("replacement", registry.require("echo").summary());
    }

    @Test
    void completesMagicNamesAfterPercentAndDoublePercent() {
        assertEquals(List.of("%help", "%hpc"), registry.complete("%h"));
        assertEquals(List.of("%%fakehpc"), registry.complete("%%fa"));
        assertEquals(List.of("%echo"), registry.complete("int x = 1;\n  %ec"));
    }

    @Test
    void completesSubcommandsAndOptionsOfCommandMagics() {
        assertEquals(List.of("status"), registry.complete("%fakehpc st"));
        assertTrue(registry.complete("%fakehpc ").containsAll(List.of("submit", "status", "profile")));
        assertEquals(List.of("--name", "--nodes"), registry.complete("%%fakehpc submit --n"));
        assertEquals(List.of("add"), registry.complete("%fakehpc profile a"));
        assertEquals(List.of("LOCAL"), registry.complete("%fakehpc profile add gpu --scheduler L"));
    }

    @Test
    void completesArgumentsOfPlainMagicsAndHelpTargets() {
        assertEquals(List.of("alpha"), registry.complete("%echo al"));
        assertEquals(List.of("fakehpc"), registry.complete("%help fak"));
        assertEquals(List.of("profile"), registry.complete("%help fakehpc pro"));
    }

    @Test
    void completionOutsideAMagicLineOrAfterAnUnknownMagicIsEmpty() {
        assertEquals(List.of(), registry.complete("int x = 1"));
        assertEquals(List.of(), registry.complete("%nosuch ar"));
        assertEquals(List.of(), registry.complete("%fakehpc submit --name \"unclosed"));
    }
}
