package org.hpckernel.cluster.modules;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The modules a cluster's login node offers, as one module system listed them: {@code lmod},
 * {@code environment-modules}, or none ({@link #hasModuleSystem()} false: the node has no module command).
 */
public record ModuleList(String system, String version, List<Module> modules) {

    public static final String NONE = "none";

    public ModuleList {
        modules = List.copyOf(modules);
    }

    public boolean hasModuleSystem() {
        return !NONE.equals(system);
    }

    /** The modules whose full name contains {@code query}, ignoring case; all of them without a query. */
    public ModuleList matching(Optional<String> query) {
        if (query.isEmpty() || query.get().isBlank()) {
            return this;
        }
        String q = query.get().strip().toLowerCase(Locale.ROOT);
        return new ModuleList(
                system,
                version,
                modules.stream()
                        .filter(m -> m.fullName().toLowerCase(Locale.ROOT).contains(q))
                        .toList());
    }

    /** One row a module: name, version, and {@code *} on the version {@code module load NAME} picks. */
    public Table table() {
        return Table.create(
                "modules (" + modules.size() + ", " + system + (version.isEmpty() ? "" : " " + version) + ")",
                StringColumn.create("name", modules.stream().map(Module::name)),
                StringColumn.create("version", modules.stream().map(Module::version)),
                StringColumn.create("default", modules.stream().map(m -> m.isDefault() ? "*" : "")));
    }
}
