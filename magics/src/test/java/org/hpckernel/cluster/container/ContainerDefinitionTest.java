package org.hpckernel.cluster.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ContainerDefinitionTest {

    @Test
    void fromFillsAnEmptyCellOrOneWithoutHeader() {
        assertEquals(
                "Bootstrap: docker\nFrom: ubuntu:22.04\n",
                ContainerDefinition.withBase("", Optional.of("ubuntu:22.04")));
        assertEquals(
                "Bootstrap: docker\nFrom: python:3.12\n%post\n    pip install numpy\n",
                ContainerDefinition.withBase("%post\n    pip install numpy", Optional.of("python:3.12")));
    }

    @Test
    void fromReplacesBootstrapAndFromWhateverTheirCase() {
        String cell = "BootStrap: library\nfrom: alpine\nStage: one\n%post\n    echo From: kept in the script\n";
        assertEquals(
                "Bootstrap: docker\nFrom: nvcr.io/nvidia/pytorch:24.01-py3\nStage: one\n%post\n    echo From: kept in the script\n",
                ContainerDefinition.withBase(cell, Optional.of("docker://nvcr.io/nvidia/pytorch:24.01-py3")));
    }

    @Test
    void schemesAndLocalImagesChooseTheBootstrapAgent() {
        assertEquals(
                "Bootstrap: library\nFrom: sylabs/examples/lolcow\n",
                ContainerDefinition.withBase("", Optional.of("library://sylabs/examples/lolcow"))
                                .strip() + "\n");
        assertEquals(
                "Bootstrap: localimage\nFrom: /images/base.sif\n",
                ContainerDefinition.withBase("", Optional.of("/images/base.sif"))
                                .strip() + "\n");
    }

    @Test
    void aCellWithAHeaderIsKeptAsWritten() {
        String cell = "# my image\nBootstrap: docker\nFrom: ubuntu:22.04\n%post\n    apt-get update\n";
        assertEquals(cell, ContainerDefinition.withBase(cell, Optional.empty()));
    }

    @Test
    void withoutABaseTheMessageSaysWhatToWrite() {
        var e = assertThrows(
                IllegalArgumentException.class,
                () -> ContainerDefinition.withBase("%post\n  echo hi", Optional.empty()));
        assertTrue(e.getMessage().contains("--from IMAGE"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ContainerDefinition.withBase("  \n", Optional.empty()));
        assertTrue(e.getMessage().startsWith("The cell is empty"), e.getMessage());
    }

    @Test
    void theBuildScriptQuotesItsPathsAndFindsTheRuntimeWhenItRuns() {
        ImageBuild b = new ImageBuild("tools.sif", "/home/o'neil/hpc kernel/images");
        assertEquals("/home/o'neil/hpc kernel/images/tools.sif", b.imagePath());
        assertEquals("/home/o'neil/hpc kernel/images/tools.def", b.definitionPath());
        String s = b.script();
        assertTrue(s.contains("image='/home/o'\\''neil/hpc kernel/images/tools.sif'\n"), s);
        assertTrue(
                s.contains(
                        "if command -v apptainer >/dev/null 2>&1; then runtime=apptainer\nelif command -v singularity"),
                s);
        assertTrue(
                s.contains(
                        "\"$runtime\" build --force --fakeroot \"$partial\" \"$def\" 2>&1 || exit $?\nmv -f \"$partial\" \"$image\""),
                s);
        assertEquals("build-tools", b.jobName());
    }

    @Test
    void anImageNameIsAFileName() {
        assertEquals("tools.sif", new ImageBuild("tools", "/i").imageName());
        assertThrows(IllegalArgumentException.class, () -> new ImageBuild("../etc/x.sif", "/i"));
        assertThrows(IllegalArgumentException.class, () -> new ImageBuild("a\nb.sif", "/i"));
    }
}
