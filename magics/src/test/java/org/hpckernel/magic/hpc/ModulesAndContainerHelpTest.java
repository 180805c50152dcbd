package org.hpckernel.magic.hpc;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.hpckernel.magic.CommandMagic;
import org.hpckernel.magic.MagicCall;
import org.junit.jupiter.api.Test;

/** The new subcommands are registered and their help reads as written (no cluster is asked). */
class ModulesAndContainerHelpTest {

    private final CommandMagic magic = HpcMagic.create(() -> {
        throw new AssertionError("help opens no session");
    });

    @Test
    void modulesAndContainerBuildHaveHelp() throws Exception {
        String modules = String.valueOf(magic.run(MagicCall.line("hpc", List.of("modules", "--help")), null));
        assertTrue(
                modules.contains("QUERY") && modules.contains("--refresh") && modules.contains("%hpc modules mpi"),
                modules);
        String build = String.valueOf(magic.run(MagicCall.line("hpc", List.of("container", "build", "--help")), null));
        assertTrue(
                build.contains("--from")
                        && build.contains("--module")
                        && build.contains("%%hpc container build tools.sif --cpus 4")
                        && build.contains("NAME.def"),
                build);
        String submit = String.valueOf(magic.run(MagicCall.line("hpc", List.of("submit", "--help")), null))
                .replaceAll("\\s+", " ");
        assertTrue(
                submit.contains("the profile's image folder (%%hpc container build puts it there)")
                        && submit.contains("checked against %hpc modules before submitting"),
                submit);
        assertTrue(magic.help().contains("modules") && magic.help().contains("container"), magic.help());
    }
}
