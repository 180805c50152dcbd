package org.hpckernel.magic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

class CommandMagicTest {

    @Command(
            name = "fake",
            subcommands = {Fake.Submit.class, Fake.Status.class, Fake.Profile.class},
            footer = {
                "",
                "Examples:",
                "  %%fake submit --nodes 2",
                "  %fake status 12 --format wide",
                "  %fake profile add gpu --host h"
            })
    static final class Fake {
        final MagicCall call;

        @Option(
                names = {"-v", "--verbose"},
                description = "Say more")
        boolean verbose;

        enum Format {
            wide,
            narrow
        }

        /** A shared option, as a mixin like %hpc's --profile. */
        static final class Where {
            @Option(names = "--output", description = "pattern like logs/%x-%j.out")
            String output = "default";
        }

        @Command(name = "status", description = "Show jobs, like %fake status 12")
        static final class Status implements Callable<Object> {
            @picocli.CommandLine.ParentCommand
            Fake parent;

            @Parameters(arity = "0..*", paramLabel = "JOB")
            java.util.List<String> jobs = new ArrayList<>();

            @Option(names = "--format", description = "wide or narrow")
            Format format = Format.narrow;

            @Option(names = "--limit", description = "At most N rows, like %fake status --limit 5 (100% is all)")
            int limit = 10;

            @picocli.CommandLine.Mixin
            Where where = new Where();

            @Override
            public Object call() throws Exception {
                if (jobs.contains("boom")) {
                    throw new MagicException("No job boom: %fake status lists the jobs.");
                }
                if (jobs.contains("crash")) {
                    throw new java.io.IOException("connection reset");
                }
                if (jobs.contains("stop")) {
                    throw new InterruptedException("cell interrupted");
                }
                return "status " + jobs + " " + format + " limit=" + limit + " verbose=" + parent.verbose
                        + (where.output.equals("default") ? "" : " output=" + where.output);
            }
        }

        Fake(MagicCall call) {
            this.call = call;
        }

        @Command(name = "submit", description = "Submit the cell")
        static final class Submit implements Callable<Object> {
            @picocli.CommandLine.ParentCommand
            Fake parent;

            @Option(names = "--nodes")
            int nodes = 1;

            @Option(names = "--dry-run")
            boolean dryRun;

            @Override
            public Object call() {
                return "submit nodes=" + nodes + " dry=" + dryRun + " body="
                        + parent.call.body().orElse("");
            }
        }

        @Command(
                name = "profile",
                subcommands = {Profile.Add.class, Profile.List.class})
        static final class Profile {
            @Command(name = "add")
            static final class Add implements Callable<Object> {
                @Parameters(index = "0")
                String name;

                @Option(names = "--host", required = true)
                String host;

                @Override
                public Object call() {
                    return "added " + name + "@" + host;
                }
            }

            @Command(name = "list")
            static final class List implements Callable<Object> {
                @Override
                public Object call() {
                    return "profiles";
                }
            }
        }
    }

    private final CommandMagic magic = new CommandMagic("fake", "a fake magic", (call, ctx) -> new Fake(call));
    private final MagicContext context = QuietContext.INSTANCE;

    @Test
    void runsTheMatchedSubcommandWithTheCellBody() throws Exception {
        Object out =
                magic.run(MagicCall.cell("fake", List.of("submit", "--nodes", "3", "--dry-run"), "echo hi"), context);
        assertEquals("submit nodes=3 dry=true body=echo hi", out);
        assertEquals(
                "added gpu@login.example",
                magic.run(
                        MagicCall.line("fake", List.of("profile", "add", "gpu", "--host", "login.example")), context));
    }

    @Test
    void unknownOptionNamesTheClosestOne() {
        MagicException e = assertThrows(
                MagicException.class,
                () -> magic.run(MagicCall.line("fake", List.of("submit", "--node", "2")), context));
        assertTrue(
                e.getMessage().contains("'--node'") && e.getMessage().contains("Did you mean --nodes?"),
                e.getMessage());
    }

    @Test
    void optionGivenBeforeItsSubcommandSaysWhereItBelongs() {
        MagicException e = assertThrows(
                MagicException.class,
                () -> magic.run(MagicCall.line("fake", List.of("--host", "h", "profile", "add", "gpu")), context));
        assertTrue(e.getMessage().contains("It belongs to %fake profile add: put it after 'add'."), e.getMessage());
    }

    @Test
    void helpAfterDoubleDashIsAnArgumentNotAHelpRequest() throws Exception {
        Object out = magic.run(MagicCall.line("fake", List.of("status", "--", "--help")), context);
        assertTrue(String.valueOf(out).startsWith("status [--help]"), String.valueOf(out));
    }

    @Test
    void otherExceptionsAreWrappedWithTheMagicAndSubcommandName() {
        MagicException e = assertThrows(
                MagicException.class, () -> magic.run(MagicCall.line("fake", List.of("status", "crash")), context));
        assertEquals("%fake status failed: IOException: connection reset", e.getMessage());
        assertTrue(e.getCause() instanceof java.io.IOException);
    }

    @Test
    void interruptsPassThroughUnwrapped() {
        assertThrows(
                InterruptedException.class,
                () -> magic.run(MagicCall.line("fake", List.of("status", "stop")), context));
    }

    @Test
    void unknownSubcommandNamesTheClosestOne() {
        MagicException e =
                assertThrows(MagicException.class, () -> magic.run(MagicCall.line("fake", List.of("sbumit")), context));
        assertTrue(e.getMessage().contains("Did you mean submit?"), e.getMessage());
    }

    @Test
    void missingRequiredOptionIsAClearError() {
        MagicException e = assertThrows(
                MagicException.class,
                () -> magic.run(MagicCall.line("fake", List.of("profile", "add", "gpu")), context));
        assertTrue(
                e.getMessage().contains("--host") && e.getMessage().contains("%help fake profile add"), e.getMessage());
    }

    @Test
    void groupWithoutSubcommandListsTheChoices() {
        MagicException e = assertThrows(
                MagicException.class, () -> magic.run(MagicCall.line("fake", List.of("profile")), context));
        assertTrue(e.getMessage().contains("add, list"), e.getMessage());
    }

    @Test
    void helpShowsUsageOfTheSubcommand() throws Exception {
        String help = (String) magic.run(MagicCall.line("fake", List.of("submit", "--help")), context);
        assertTrue(help.contains("--nodes") && help.contains("--dry-run"), help);
        assertTrue(magic.help().contains("Examples:"), magic.help());
    }

    @Test
    void completionsOfferSubcommandsThenOptions() {
        assertTrue(magic.completions(List.of()).containsAll(List.of("submit", "profile")));
        assertTrue(magic.completions(List.of("submit")).containsAll(List.of("--nodes", "--dry-run")));
        assertTrue(magic.completions(new ArrayList<>(List.of("profile"))).containsAll(List.of("add", "list")));
    }

    @Test
    void registryCompletesMagicNamesAndWords() {
        MagicRegistry registry = MagicRegistry.withBuiltins().register(magic);
        assertEquals(List.of("fake"), registry.complete("%fa"));
        assertEquals(List.of("submit"), registry.complete("%fake su"));
        assertEquals(List.of("--nodes"), registry.complete("%fake submit --no"));
    }

    @Test
    void registryRefusesAnUnknownMagicWithASuggestion() {
        MagicRegistry registry = MagicRegistry.withBuiltins().register(magic);
        MagicException e =
                assertThrows(MagicException.class, () -> registry.run(MagicCall.line("fkae", List.of()), context));
        assertTrue(e.getMessage().contains("Did you mean %fake?"), e.getMessage());
    }

    @Test
    void statusTakesPositionalsEnumsAndTopLevelOptions() throws Exception {
        assertEquals(
                "status [12, 13] wide limit=3 verbose=true",
                magic.run(
                        MagicCall.line("fake", List.of("-v", "status", "12", "--format", "WIDE", "--limit=3", "13")),
                        context));
        assertEquals(
                "status [] narrow limit=10 verbose=false",
                magic.run(MagicCall.line("fake", List.of("status")), context));
    }

    @Test
    void magicExceptionFromCallPassesThroughUnwrapped() {
        MagicException e = assertThrows(
                MagicException.class, () -> magic.run(MagicCall.line("fake", List.of("status", "boom")), context));
        assertEquals("No job boom: %fake status lists the jobs.", e.getMessage());
    }

    @Test
    void badOptionValueSaysWhichOptionAndWhereToLook() {
        MagicException e = assertThrows(
                MagicException.class,
                () -> magic.run(MagicCall.line("fake", List.of("status", "--limit", "many")), context));
        assertTrue(
                e.getMessage().contains("--limit")
                        && e.getMessage().contains("many")
                        && e.getMessage().contains("%help fake status"),
                e.getMessage());
        MagicException en = assertThrows(
                MagicException.class,
                () -> magic.run(MagicCall.line("fake", List.of("status", "--format", "tall")), context));
        assertTrue(en.getMessage().contains("wide") && en.getMessage().contains("narrow"), en.getMessage());
    }

    @Test
    void unknownOptionOfANestedSubcommandNamesItsClosestOption() {
        MagicException e = assertThrows(
                MagicException.class,
                () -> magic.run(MagicCall.line("fake", List.of("profile", "add", "gpu", "--hots", "h")), context));
        assertTrue(
                e.getMessage().contains("Did you mean --host?")
                        && e.getMessage().contains("%help fake profile add"),
                e.getMessage());
    }

    @Test
    void unknownNestedSubcommandNamesTheClosestOne() {
        MagicException e = assertThrows(
                MagicException.class, () -> magic.run(MagicCall.line("fake", List.of("profile", "lsit")), context));
        assertTrue(
                e.getMessage().contains("Did you mean list?") && e.getMessage().contains("see %help fake".substring(4)),
                e.getMessage());
    }

    @Test
    void missingSubcommandAtTheTopListsThem() {
        MagicException e =
                assertThrows(MagicException.class, () -> magic.run(MagicCall.line("fake", List.of()), context));
        assertTrue(e.getMessage().contains("submit, status, profile"), e.getMessage());
    }

    @Test
    void helpOfANestedSubcommandAndShortH() throws Exception {
        String help = (String) magic.run(MagicCall.line("fake", List.of("profile", "add", "-h")), context);
        assertTrue(help.contains("--host") && help.contains("profile add"), help);
        assertEquals(help, magic.help(List.of("profile", "add")));
    }

    @Test
    void fullHelpListsSubcommandsAndKeepsPercentSignsLiteral() {
        String help = magic.help();
        assertTrue(help.contains("submit") && help.contains("status") && help.contains("profile"), help);
        assertTrue(
                help.contains("  %%fake submit --nodes 2") && help.contains("  %fake status 12 --format wide"), help);
        assertTrue(
                magic.help(List.of("status")).contains("Show jobs, like %fake status 12"),
                magic.help(List.of("status")));
    }

    @Test
    void completionsFollowTheDeepestSubcommandPastOptions() {
        assertTrue(magic.completions(List.of("-v")).containsAll(List.of("submit", "status", "profile", "--verbose")));
        assertTrue(magic.completions(List.of("--verbose", "status", "12")).containsAll(List.of("--format", "--limit")));
        assertTrue(magic.completions(List.of("profile", "add", "gpu")).contains("--host"));
        assertTrue(!magic.completions(List.of("status")).contains("submit"));
    }

    @Test
    void topLevelCallableCommandRunsWithoutSubcommands() throws Exception {
        CommandMagic echo = new CommandMagic("echo", "Echo words", (call, ctx) -> new Echo(call));
        assertEquals("a b|body", echo.run(MagicCall.cell("echo", List.of("a", "b"), "body"), context));
        assertEquals("|", echo.run(MagicCall.line("echo", List.of()), context));
        assertTrue(echo.completions(List.of()).contains("--upper"));
        assertEquals("A|", echo.run(MagicCall.line("echo", List.of("--upper", "a")), context));
    }

    @Command(name = "echo")
    static final class Echo implements Callable<Object> {
        private final MagicCall call;

        @Parameters(arity = "0..*")
        java.util.List<String> words = new ArrayList<>();

        @Option(names = "--upper")
        boolean upper;

        Echo(MagicCall call) {
            this.call = call;
        }

        @Override
        public Object call() {
            String text = String.join(" ", words);
            return (upper ? text.toUpperCase(java.util.Locale.ROOT) : text) + "|"
                    + call.body().orElse("");
        }
    }

    @Test
    void eachRunGetsAFreshCommandObject() throws Exception {
        magic.run(MagicCall.line("fake", List.of("status", "--limit", "99")), context);
        assertEquals(
                "status [] narrow limit=10 verbose=false",
                magic.run(MagicCall.line("fake", List.of("status")), context));
    }

    @Test
    void percentSignsInOptionTextsAreLiteralAndOptionsStillBind() throws Exception {
        String help = magic.help(List.of("status"));
        Object out =
                magic.run(MagicCall.line("fake", List.of("status", "--output", "x/%j.log", "--limit", "2")), context);
        assertTrue(help.contains("like %fake status --limit 5 (100% is") && help.contains("logs/%x-%j.out"), help);
        assertEquals("status [] narrow limit=2 verbose=false output=x/%j.log", out);
    }
}
