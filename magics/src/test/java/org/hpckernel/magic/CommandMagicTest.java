package org.hpckernel.magic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class CommandMagicTest {

    private final CommandMagic magic = FakeHpcCommand.magic();
    private final FakeContext context = new FakeContext();

    private Object run(String line) throws Exception {
        return magic.run(MagicCall.line("fakehpc", Tokenizer.tokenize(line)), context);
    }

    private MagicException fails(String line) {
        return assertThrows(MagicException.class, () -> run(line));
    }

    private static void assertContains(String text, String... parts) {
        for (String part : parts) {
            assertTrue(text.contains(part), () -> "expected [" + part + "] in:\n" + text);
        }
    }

    @Test
    void cellSubcommandGetsOptionsBodyAndContext() throws Exception {
        Object result = magic.run(MagicCall.cell("fakehpc",
                Tokenizer.tokenize("submit --nodes 2 --name \"my job\" --env A=1 --env=B=2 --dry-run"), "echo hi"), context);
        assertEquals("submitted my job on 2 nodes, env=[A=1, B=2], dryRun=true, body=echo hi", result);
        assertEquals(List.of("submitting my job"), context.printed);
    }

    @Test
    void cellMagicWithoutBodyStillRuns() throws Exception {
        Object result = magic.run(MagicCall.cell("fakehpc", List.of("submit"), ""), context);
        assertEquals("submitted job on 1 nodes, env=[], dryRun=false, body=", result);
    }

    @Test
    void methodSubcommandReturnsItsValue() throws Exception {
        assertEquals("status of [12, 13_4]", run("status 12 13_4"));
        assertEquals("status of []", run("status"));
    }

    @Test
    void nestedSubcommandsAndAliasesWork() throws Exception {
        assertEquals("added gpu login.example.org:2222 LOCAL", run("profile add gpu --host login.example.org --port 2222 --scheduler local"));
        assertEquals(List.of("local", "cluster"), run("profile ls"));
    }

    @Test
    void unknownOptionNamesTheClosestOptionAndTheHelpCommand() {
        MagicException e = fails("submit --nodez 2");
        assertContains(e.getMessage(), "Unknown option --nodez", "%fakehpc submit", "Did you mean --nodes?", "See %help fakehpc submit");
    }

    @Test
    void unknownOptionWithEqualsIsNamedWithoutItsValue() {
        assertContains(fails("submit --nmae=x").getMessage(), "Unknown option --nmae ", "Did you mean --name?");
    }

    @Test
    void optionGivenBeforeItsSubcommandSaysWhereItBelongs() {
        assertContains(fails("--host h profile add x").getMessage(), "Unknown option --host for %fakehpc.",
                "It belongs to %fakehpc profile add: put it after 'add'.");
    }

    @Test
    void interruptedCommandRethrowsTheInterruptUnwrapped() {
        assertThrows(InterruptedException.class, () -> run("status wait"));
    }

    @Test
    void unknownSubcommandNamesTheClosestSubcommand() {
        MagicException e = fails("stauts");
        assertContains(e.getMessage(), "Unknown subcommand 'stauts'", "Did you mean 'status'?", "See %help fakehpc");
    }

    @Test
    void unknownNestedSubcommandNamesTheClosestOne() {
        assertContains(fails("profile lst").getMessage(), "Did you mean 'list'?", "%fakehpc profile");
    }

    @Test
    void missingRequiredOptionSaysWhichOne() {
        MagicException e = fails("profile add gpu");
        assertContains(e.getMessage(), "%fakehpc profile add", "--host", "See %help fakehpc profile add");
    }

    @Test
    void misspeltRequiredOptionIsReportedAsATypoNotAsMissing() {
        assertContains(fails("profile add gpu --hots h").getMessage(), "Unknown option --hots", "Did you mean --host?");
    }

    @Test
    void extraArgumentIsNamed() {
        assertContains(fails("submit extra").getMessage(), "Unexpected argument 'extra' for %fakehpc submit");
    }

    @Test
    void badOptionValueSaysWhichOptionAndValue() {
        assertContains(fails("submit --nodes two").getMessage(), "--nodes", "two", "%fakehpc submit");
    }

    @Test
    void groupWithoutSubcommandListsItsSubcommands() {
        assertContains(fails("").getMessage(), "%fakehpc needs a subcommand", "submit", "status", "profile");
        assertContains(fails("profile").getMessage(), "%fakehpc profile needs a subcommand: add, list");
    }

    @Test
    void helpAnywhereShowsTheUsageOfTheNamedSubcommandWithExamples() throws Exception {
        String help = (String) run("submit --nodes 2 --help");
        assertContains(help, "Usage: %fakehpc submit", "--nodes", "Examples:", "%%fakehpc submit --nodes 2 --name train");
        assertFalse(help.contains("Manage cluster profiles"), help);
    }

    @Test
    void percentSignsInUsageTextAreShownLiterally() {
        String help = magic.help(List.of());
        assertContains(help, "  %%fakehpc submit --nodes 2\n", "  %fakehpc status 12 13\n", "Done 100%.");
    }

    @Test
    void helpIsShownEvenAfterABadOption() throws Exception {
        assertContains((String) run("submit --bogus --help"), "Usage: %fakehpc submit");
    }

    @Test
    void shortHelpFlagWorksOnNestedSubcommands() throws Exception {
        assertContains((String) run("profile add -h"), "Usage: %fakehpc profile add", "--host");
    }

    @Test
    void helpAfterDoubleDashIsAnArgumentNotAHelpRequest() throws Exception {
        assertEquals("status of [--help]", run("status -- --help"));
    }

    @Test
    void fullHelpIncludesEverySubcommandOnce() {
        String help = magic.help();
        assertContains(help, "Usage: %fakehpc", "Examples:", "Usage: %fakehpc submit", "Usage: %fakehpc status",
                "Usage: %fakehpc profile add", "Usage: %fakehpc profile list");
        assertEquals(help.indexOf("Usage: %fakehpc profile list"), help.lastIndexOf("Usage: %fakehpc profile list"));
    }

    @Test
    void helpForAPathShowsThatSubcommandOnly() {
        String help = magic.help(List.of("profile", "add"));
        assertContains(help, "Usage: %fakehpc profile add");
        assertFalse(help.contains("Usage: %fakehpc submit"));
        assertContains(assertThrows(MagicException.class, () -> magic.help(List.of("profil"))).getMessage(),
                "Did you mean 'profile'?");
    }

    @Test
    void magicExceptionsFromTheCommandPassThroughUnchanged() {
        assertEquals("Job bad is not yours. Check the id with %fakehpc status.", fails("cancel bad").getMessage());
    }

    @Test
    void otherExceptionsAreWrappedWithTheCommandName() {
        MagicException e = fails("cancel boom");
        assertContains(e.getMessage(), "%fakehpc cancel failed", "IllegalStateException", "scheduler said no");
        assertInstanceOf(IllegalStateException.class, e.getCause());
    }

    @Test
    void completionsListSubcommandsAndOptionsOfTheMatchedCommand() {
        assertTrue(magic.completions(List.of()).containsAll(List.of("submit", "status", "profile", "cancel", "--help")));
        assertTrue(magic.completions(List.of("submit")).containsAll(List.of("--nodes", "--name", "--env", "--dry-run")));
        assertTrue(magic.completions(List.of("profile")).containsAll(List.of("add", "list")));
        assertTrue(magic.completions(List.of("profile", "add")).containsAll(List.of("--host", "--port", "--scheduler")));
    }

    @Test
    void completionsAfterAnEnumOptionOfferItsValues() {
        assertEquals(List.of("SLURM", "LOCAL"), magic.completions(List.of("profile", "add", "x", "--scheduler")));
        assertTrue(magic.completions(List.of("profile", "add", "x", "--scheduler", "local")).contains("--host"));
    }

    @Test
    void eachRunGetsAFreshCommandObject() throws Exception {
        run("submit --nodes 4");
        assertEquals("submitted job on 1 nodes, env=[], dryRun=false, body=<none>", run("submit"));
    }
}
