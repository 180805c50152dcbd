package org.hpckernel.magic.hpc;

import java.util.Optional;
import java.util.concurrent.Callable;
import org.hpckernel.cluster.Cluster;
import org.hpckernel.cluster.modules.ModuleList;
import org.hpckernel.cluster.modules.ModuleNames;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code %hpc modules [QUERY]}: the software modules of the cluster's login node, searched. */
@Command(
        name = "modules",
        description = "List the cluster's software modules (Lmod or Environment Modules on the login node), or those "
                + "whose name contains QUERY. The default column marks the version `module load NAME` picks. The list is kept a few minutes; "
                + "--module on submit is checked against it.",
        footer = {"", "Examples:", "  %hpc modules", "  %hpc modules mpi", "  %hpc modules cuda --profile gpu --refresh"
        })
final class ModulesCommand implements Callable<Object> {

    @ParentCommand
    HpcMagic parent;

    @Mixin
    ProfileOption profile = new ProfileOption();

    @Parameters(index = "0", arity = "0..1", paramLabel = "QUERY", description = "Part of a module name, any case")
    String query;

    @Option(
            names = "--refresh",
            description = "Read the list from the cluster again instead of the one kept for a few minutes")
    boolean refresh;

    @Override
    public Object call() throws Exception {
        Cluster cluster = profile.cluster(parent.hpc.get());
        Optional<String> q = Optional.ofNullable(query).filter(s -> !s.isBlank());
        ModuleList found = refresh ? cluster.modulesRefreshed(q) : cluster.modules(q);
        if (!found.hasModuleSystem()) {
            return "Profile " + cluster.profile().name()
                    + " has no module system on its login node (no `module` command in a login shell"
                    + (cluster.profile().isLocal() ? " on this machine" : "")
                    + "). Jobs there use the software on the PATH; --module is not checked.";
        }
        if (found.modules().isEmpty() && q.isPresent()) {
            java.util.List<String> close = ModuleNames.closest(cluster.modules(Optional.empty()), q.get(), 3);
            return "No module matches '" + q.get() + "' on " + cluster.profile().name() + "."
                    + (close.isEmpty()
                            ? " `%hpc modules` lists them all."
                            : " Did you mean " + String.join(" or ", close) + "?");
        }
        return found.table();
    }
}
