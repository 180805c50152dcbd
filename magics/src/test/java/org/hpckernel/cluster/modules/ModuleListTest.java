package org.hpckernel.cluster.modules;

import static org.hpckernel.cluster.RecordedTransport.recorded;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.hpckernel.cluster.RecordedTransport;
import org.hpckernel.cluster.SubmitFailed;
import org.junit.jupiter.api.Test;

/** The module listings of real Lmod and Environment Modules (recorded/modules/, sources in its README). */
class ModuleListTest {

    private static ModuleList localhost() {
        return ModuleQuery.parse(recorded("modules/lmod-localhost.out")).orElseThrow();
    }

    private static ModuleList versions() {
        return ModuleQuery.parse(recorded("modules/lmod-localhost-versions.out"))
                .orElseThrow();
    }

    private static List<String> names(ModuleList list) {
        return list.modules().stream()
                .map(m -> m.fullName() + (m.isDefault() ? "*" : ""))
                .toList();
    }

    @Test
    void theLocalhostLmodListsOpenMpiAsItsOnlyVersion() {
        ModuleList list = localhost();
        assertEquals("lmod", list.system());
        assertEquals("8.6.19", list.version());
        assertEquals(List.of("Core/lmod", "Core/settarg*", "openmpi/4.1*"), names(list));
    }

    @Test
    void theDefaultIsWhatLmodMarksElseTheHighestVersionNumerically() {
        // foo/default -> 1.0 (a symlink; only `module -t -d avail` shows it), bar 3.10 above 3.1 (live: module load bar
        // gave bar/3.10)
        assertEquals(
                List.of(
                        "Compiler/gcc/12*",
                        "Core/lmod",
                        "Core/settarg*",
                        "bar/3.1",
                        "bar/3.10*",
                        "foo/1.0*",
                        "foo/2.0",
                        "openmpi/4.1*"),
                names(versions()));
    }

    @Test
    void namesLoadAsModuleLoadTakesThem() {
        ModuleList list = versions();
        // each checked live with module load on the localhost Lmod 8.6.19
        assertTrue(ModuleNames.loads(list, "openmpi"));
        assertTrue(ModuleNames.loads(list, "openmpi/4.1"));
        assertTrue(ModuleNames.loads(list, "bar/3")); // Lmod's extended default: bar/3.10
        assertTrue(ModuleNames.loads(list, "Compiler/gcc"));
        assertFalse(ModuleNames.loads(list, "OpenMPI")); // "The following module(s) are unknown"
        assertFalse(ModuleNames.loads(list, "gcc"));
        assertFalse(ModuleNames.loads(list, "Compiler"));
        assertFalse(ModuleNames.loads(list, "foo/3"));
        assertFalse(ModuleNames.loads(list, "bar/3.1.5"));
    }

    @Test
    void aMisspelledModuleGetsTheClosestNames() {
        assertEquals(
                Optional.of("no module 'opnmpi'; did you mean openmpi/4.1?"),
                ModuleNames.problem(localhost(), "opnmpi"));
        assertEquals(
                Optional.of("no module 'OpenMPI'; did you mean openmpi/4.1?"),
                ModuleNames.problem(localhost(), "OpenMPI"));
        assertEquals(
                Optional.of("no module 'gcc'; did you mean Compiler/gcc/12?"), ModuleNames.problem(versions(), "gcc"));
        assertEquals(
                Optional.of("no module 'foo/3.0'; did you mean foo/1.0 or foo/2.0?"),
                ModuleNames.problem(versions(), "foo/3.0"));
        assertEquals(
                Optional.of("no module 'tensorflow' among the 3 modules of this cluster (%hpc modules lists them)"),
                ModuleNames.problem(localhost(), "tensorflow"));
    }

    @Test
    void aSearchIgnoresCase() {
        assertEquals(List.of("openmpi/4.1*"), names(versions().matching(Optional.of("OpenMPI"))));
        assertEquals(8, versions().matching(Optional.empty()).modules().size());
        assertEquals(3, localhost().table().rowCount());
    }

    @Test
    void lmodsOwnTerseAvailGoldFileIsRead() {
        // TACC/Lmod rt/boegel: name/ lines, then name/version, under each path:
        List<Module> mods = ModuleListParser.parse(recorded("modules/lmod_rt_boegel_terse_avail_stderr.txt"), "");
        assertEquals(
                List.of("hwloc/1.8.1", "OpenMPI/1.6.5-no-OFED", "GCC/4.8.2", "gompi/1.5.14-no-OFED"),
                mods.stream().map(Module::fullName).toList());
        assertTrue(mods.stream().allMatch(Module::isDefault));
    }

    @Test
    void environmentModulesTerseAvailIsRead() {
        List<Module> old = ModuleListParser.parse(recorded("modules/envmodules_3.2.13_avail_t_doc.txt"), "");
        assertEquals(
                List.of("foo/1.1", "foo/1.2*"),
                old.stream().map(m -> m.fullName() + (m.isDefault() ? "*" : "")).toList());
        List<Module> four = ModuleListParser.parse(recorded("modules/envmodules_4.6_avail_t_doc.txt"), "");
        assertEquals(List.of("foo/1.2"), four.stream().map(Module::fullName).toList());
    }

    @Test
    void aMarkedDefaultWinsOverTheHighestVersion() {
        // the marker forms the module systems append: Environment Modules' symbolic versions, Lmod's (D)
        assertEquals(
                List.of("foo/1.1*", "foo/1.2"),
                ModuleListParser.parse("/p:\nfoo/1.1(default)\nfoo/1.2\n", "").stream()
                        .map(m -> m.fullName() + (m.isDefault() ? "*" : ""))
                        .toList());
        assertEquals(
                List.of("foo/1.1*", "foo/1.2"),
                ModuleListParser.parse("/p:\nfoo/1.1(stable:default)\nfoo/1.2\n", "").stream()
                        .map(m -> m.fullName() + (m.isDefault() ? "*" : ""))
                        .toList());
        // a -d listing that prints every version (a module system without -d) says nothing about defaults
        assertEquals(
                List.of("foo/1.1", "foo/1.2*"),
                ModuleListParser.parse("foo/1.1\nfoo/1.2\n", "foo/1.1\nfoo/1.2\n").stream()
                        .map(m -> m.fullName() + (m.isDefault() ? "*" : ""))
                        .toList());
    }

    @Test
    void anAnswerWithoutItsEndOrWithAFailedListingIsNoList() {
        String full = recorded("modules/lmod-localhost.out");
        assertTrue(ModuleQuery.parse(full.substring(0, full.indexOf("@@rc"))).isEmpty());
        assertTrue(ModuleQuery.parse(full.replace("@@rc 0", "@@rc 1")).isEmpty());
        assertTrue(ModuleQuery.parse("Welcome to the cluster\n").isEmpty());
        // a login banner before our lines is no module
        assertEquals(
                localhost(),
                ModuleQuery.parse("Welcome: read /etc/motd\n" + full).orElseThrow());
        assertFalse(ModuleQuery.parse("@@system none\n").orElseThrow().hasModuleSystem());
    }

    @Test
    void theSubmitCheckRefusesAnAbsentModuleAndAsksOncePerFewMinutes() {
        RecordedTransport t = new RecordedTransport().on("bash -lc", 0, recorded("modules/lmod-localhost.out"));
        ModuleCatalog catalog = new ModuleCatalog(t);
        SubmitFailed refused = assertThrows(SubmitFailed.class, () -> catalog.check(List.of("openmpi", "opnmpi")));
        assertTrue(
                refused.getMessage()
                        .startsWith("The module check refused the job: no module 'opnmpi'; did you mean openmpi/4.1?"),
                refused.getMessage());
        assertEquals("", catalog.check(List.of("openmpi")));
        assertEquals("", catalog.check(List.of()));
        assertEquals(1, t.commands.size());
    }

    @Test
    void aCheckThatCannotRunNeverRefuses() {
        ModuleCatalog none = new ModuleCatalog(new RecordedTransport().on("bash -lc", 0, "@@system none\n"));
        assertTrue(none.check(List.of("opnmpi")).contains("has no module system"));
        assertEquals("", none.check(List.of("opnmpi"))); // said once
        ModuleCatalog broken =
                new ModuleCatalog(new RecordedTransport().on("bash -lc", 255, "@@system lmod 8.7\n@@all\n"));
        assertTrue(broken.check(List.of("opnmpi")).contains("could not be read"));
    }
}
