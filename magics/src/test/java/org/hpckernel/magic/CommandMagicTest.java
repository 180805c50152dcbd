package org.hpckernel.magic;

import org.junit.jupiter.api.Test;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CommandMagicTest {

    @Command(name = "fake", subcommands = {Fake.Submit.class, Fake.Profile.class}, footer = {"", "Examples:", "  %fake submit --nodes 2"})
    static final class Fake {
        final MagicCall call;

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
                return "submit nodes=" + nodes + " dry=" + dryRun + " body=" + parent.call.body().orElse("");
            }
        }

        @Command(name = "profile", subcommands = {Profile.Add.class, Profile.List.class})
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
    private final MagicContext context = new MagicContext() {
        @Override
        public LiveDisplay show(Object value) {
            return v -> { };
        }

        @Override
        public void print(String text) {
        }

        @Override
        public String ask(String prompt, boolean secret) {
            return "";
        }

        @Override
        public Path workingDirectory() {
            return Path.of(".");
        }
    };

    @Test
    void runsTheMatchedSubcommandWithTheCellBody() throws Exception {
        Object out = magic.run(MagicCall.cell("fake", List.of("submit", "--nodes", "3", "--dry-run"), "echo hi"), context);
        assertEquals("submit nodes=3 dry=true body=echo hi", out);
        assertEquals("added gpu@login.example", magic.run(MagicCall.line("fake", List.of("profile", "add", "gpu", "--host", "login.example")), context));
    }

    @Test
    void unknownOptionNamesTheClosestOne() {
        MagicException e = assertThrows(MagicException.class, () -> magic.run(MagicCall.line("fake", List.of("submit", "--node", "2")), context));
        assertTrue(e.getMessage().contains("'--node'") && e.getMessage().contains("Did you mean --nodes?"), e.getMessage());
    }

    @Test
    void unknownSubcommandNamesTheClosestOne() {
        MagicException e = assertThrows(MagicException.class, () -> magic.run(MagicCall.line("fake", List.of("sbumit")), context));
        assertTrue(e.getMessage().contains("Did you mean submit?"), e.getMessage());
    }

    @Test
    void missingRequiredOptionIsAClearError() {
        MagicException e = assertThrows(MagicException.class, () -> magic.run(MagicCall.line("fake", List.of("profile", "add", "gpu")), context));
        assertTrue(e.getMessage().contains("--host") && e.getMessage().contains("%help fake profile add"), e.getMessage());
    }

    @Test
    void groupWithoutSubcommandListsTheChoices() {
        MagicException e = assertThrows(MagicException.class, () -> magic.run(MagicCall.line("fake", List.of("profile")), context));
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
        MagicException e = assertThrows(MagicException.class, () -> registry.run(MagicCall.line("fkae", List.of()), context));
        assertTrue(e.getMessage().contains("Did you mean %fake?"), e.getMessage());
    }
}
