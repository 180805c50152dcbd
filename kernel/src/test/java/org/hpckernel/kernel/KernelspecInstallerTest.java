package org.hpckernel.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import org.hpckernel.kernel.install.KernelspecInstaller;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KernelspecInstallerTest {

    @Test
    void installWritesKernelJsonLogosAndJarUnderThePrefix(@TempDir Path prefix, @TempDir Path build) throws Exception {
        Path jar = Files.writeString(build.resolve("fake.jar"), "not really a jar");
        var target = new KernelspecInstaller.Target(prefix.resolve("share/jupyter/kernels"), "hpc-test");
        Path spec = KernelspecInstaller.install(target, jar, false);

        assertEquals(prefix.resolve("share/jupyter/kernels/hpc-test"), spec);
        var json = JsonParser.parseString(Files.readString(spec.resolve("kernel.json")))
                .getAsJsonObject();
        assertEquals("java", json.get("language").getAsString());
        assertEquals("message", json.get("interrupt_mode").getAsString());
        var argv = json.getAsJsonArray("argv");
        assertEquals("{connection_file}", argv.get(argv.size() - 1).getAsString());
        assertEquals("{resource_dir}/hpc-kernel.jar", argv.get(argv.size() - 2).getAsString());
        assertTrue(Files.size(spec.resolve("logo-64x64.png")) > 0);
        assertTrue(Files.size(spec.resolve("logo-32x32.png")) > 0);
        assertEquals("not really a jar", Files.readString(spec.resolve("hpc-kernel.jar")));
    }

    @Test
    void uninstallRemovesTheSpecAndSaysWhenThereIsNone(@TempDir Path prefix, @TempDir Path build) throws Exception {
        Path jar = Files.writeString(build.resolve("fake.jar"), "x");
        var target = new KernelspecInstaller.Target(prefix.resolve("share/jupyter/kernels"), "hpc-kernel");
        KernelspecInstaller.install(target, jar, false);
        assertTrue(KernelspecInstaller.uninstall(target));
        assertFalse(Files.exists(target.specDir()));
        assertFalse(KernelspecInstaller.uninstall(target));
    }

    @Test
    void badArgumentsExitWithUsage() {
        var err = new java.io.ByteArrayOutputStream();
        int code = KernelspecInstaller.run(true, new String[] {"--prefix"}, System.out, new java.io.PrintStream(err));
        assertEquals(2, code);
        assertTrue(err.toString().contains("usage: java -jar hpc-kernel.jar install"));
    }
}
