package org.hpckernel.magic;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** A small %hpc look-alike for CommandMagic tests: submit, status, profile add|list, cancel. */
@Command(name = "fakehpc", description = "Fake cluster magic for tests.",
        subcommands = {FakeHpcCommand.Submit.class, FakeHpcCommand.Profile.class},
        footer = {"", "Examples:", "  %%fakehpc submit --nodes 2", "  %fakehpc status 12 13", "Done 100%."})
final class FakeHpcCommand {

    enum Scheduler { SLURM, LOCAL }

    final MagicCall call;
    final MagicContext context;

    FakeHpcCommand(MagicCall call, MagicContext context) {
        this.call = call;
        this.context = context;
    }

    @Command(name = "submit", description = "Submit the cell body as a job.",
            footer = {"", "Examples:", "  %%fakehpc submit --nodes 2 --name train"})
    class Submit implements Callable<Object> {
        @Option(names = "--nodes", description = "Number of nodes.") int nodes = 1;
        @Option(names = "--name", description = "Job name.") String name = "job";
        @Option(names = "--env", description = "K=V, repeatable.") List<String> env = new ArrayList<>();
        @Option(names = "--dry-run", description = "Show the script only.") boolean dryRun;

        @Override
        public Object call() {
            context.print("submitting " + name);
            return "submitted " + name + " on " + nodes + " nodes, env=" + env + ", dryRun=" + dryRun
                    + ", body=" + call.body().orElse("<none>");
        }
    }

    @Command(name = "status", description = "Show job states.")
    Object status(@Parameters(paramLabel = "ID", arity = "0..*") List<String> ids) throws InterruptedException {
        if (ids != null && ids.contains("wait")) {
            throw new InterruptedException("cell interrupted");
        }
        return "status of " + (ids == null ? List.of() : ids);
    }

    @Command(name = "cancel", description = "Cancel jobs.")
    Object cancel(@Parameters(paramLabel = "ID", arity = "1..*") List<String> ids) {
        if (ids.contains("boom")) {
            throw new IllegalStateException("scheduler said no");
        }
        if (ids.contains("bad")) {
            throw new MagicException("Job bad is not yours. Check the id with %fakehpc status.");
        }
        return "cancelled " + ids;
    }

    @Command(name = "profile", description = "Manage cluster profiles.",
            subcommands = {Profile.Add.class, Profile.ListProfiles.class})
    static class Profile {

        @Command(name = "add", description = "Add a profile.")
        static class Add implements Callable<Object> {
            @Parameters(index = "0", paramLabel = "NAME") String name;
            @Option(names = "--host", required = true, description = "SSH host.") String host;
            @Option(names = "--port", description = "SSH port.") int port = 22;
            @Option(names = "--scheduler", description = "slurm or local.") Scheduler scheduler = Scheduler.SLURM;

            @Override
            public Object call() {
                return "added " + name + " " + host + ":" + port + " " + scheduler;
            }
        }

        @Command(name = "list", aliases = "ls", description = "List profiles.")
        static class ListProfiles implements Callable<Object> {
            @Override
            public Object call() {
                return List.of("local", "cluster");
            }
        }
    }

    static CommandMagic magic() {
        return new CommandMagic("fakehpc", "Fake cluster magic", FakeHpcCommand::new);
    }
}
