package org.hpckernel.kernel.install;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * Writes (or removes) the kernelspec: kernel.json, logos, a copy of the jar, and an AppCDS archive
 * trained at install time so the kernel starts faster. Where it goes follows Jupyter's own rules.
 */
public final class KernelspecInstaller {

    public static final String DEFAULT_NAME = "hpc-kernel";

    private KernelspecInstaller() {}

    /** Where the kernelspec goes: {@code DIR/share/jupyter/kernels/NAME}. */
    public record Target(Path kernelsDir, String name) {
        public Path specDir() {
            return kernelsDir.resolve(name);
        }
    }

    public static int run(boolean install, String[] args, PrintStream out, PrintStream err) {
        Target target;
        try {
            target = parse(args, System.getenv());
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            err.println("usage: java -jar hpc-kernel.jar " + (install ? "install" : "uninstall")
                    + " [--user|--sys-prefix|--prefix DIR] [--name NAME]");
            return 2;
        }
        try {
            if (install) {
                Path spec = install(target, Path.of(ownJar()), true);
                out.println("Installed kernelspec " + target.name() + " in " + spec);
            } else if (uninstall(target)) {
                out.println("Removed kernelspec " + target.name() + " from " + target.specDir());
            } else {
                err.println("No kernelspec " + target.name() + " in " + target.specDir());
                return 1;
            }
            return 0;
        } catch (IOException | InterruptedException e) {
            err.println("Failed: " + e.getMessage());
            return 1;
        }
    }

    static Target parse(String[] args, Map<String, String> env) {
        String name = DEFAULT_NAME;
        Path kernels = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--user" -> kernels = userDataDir(env).resolve("kernels");
                case "--sys-prefix" -> kernels = sysPrefix().resolve("share/jupyter/kernels");
                case "--prefix" -> {
                    if (i + 1 >= args.length) {
                        throw new IllegalArgumentException("--prefix needs a directory");
                    }
                    kernels = Path.of(args[++i]).toAbsolutePath().resolve("share/jupyter/kernels");
                }
                case "--name" -> {
                    if (i + 1 >= args.length || !args[i + 1].matches("[A-Za-z0-9._-]+")) {
                        throw new IllegalArgumentException("--name needs a name of letters, digits, '.', '_' or '-'");
                    }
                    name = args[++i];
                }
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (kernels == null) {
            kernels = isRoot()
                    ? Path.of("/usr/local/share/jupyter/kernels")
                    : userDataDir(env).resolve("kernels");
        }
        return new Target(kernels, name);
    }

    /** How the kernel's JVM starts faster: nothing, Java 17's AppCDS archive, or JDK 25's AOT cache. */
    enum StartCache {
        NONE,
        APP_CDS,
        AOT
    }

    /** Installs and returns the spec folder. {@code trainArchive} runs the kernel once to build its start cache. */
    public static Path install(Target target, Path jar, boolean trainArchive) throws IOException, InterruptedException {
        Path spec = target.specDir();
        Files.createDirectories(spec);
        Files.copy(jar, spec.resolve("hpc-kernel.jar"), StandardCopyOption.REPLACE_EXISTING);
        writeLogo(spec.resolve("logo-32x32.png"), 32);
        writeLogo(spec.resolve("logo-64x64.png"), 64);
        String java = javaExecutable();
        StartCache cache =
                trainArchive ? trainCache(java, spec, Runtime.version().feature()) : StartCache.NONE;
        Files.writeString(spec.resolve("kernel.json"), kernelJson(target.name(), java, cache), StandardCharsets.UTF_8);
        return spec;
    }

    public static boolean uninstall(Target target) throws IOException {
        Path spec = target.specDir();
        if (!Files.isDirectory(spec)) {
            return false;
        }
        try (Stream<Path> walk = Files.walk(spec)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
        return true;
    }

    static String kernelJson(String name, String java, StartCache cache) {
        JsonArray argv = new JsonArray();
        argv.add(java);
        if (cache == StartCache.APP_CDS) {
            // Class data sharing from the archive trained at install time with real cells.
            argv.add("-XX:SharedArchiveFile={resource_dir}/hpc-kernel.jsa");
            argv.add("-Xshare:auto");
            argv.add("-Xlog:cds=off");
            argv.add("-Xlog:cds+dynamic=off");
        } else if (cache == StartCache.AOT) {
            // JDK 25's ahead-of-time cache (JEP 483/515): classes loaded and linked, methods profiled.
            argv.add("-XX:AOTCache={resource_dir}/hpc-kernel.aot");
            argv.add("-Xlog:aot=off");
            argv.add("-Xlog:cds=off");
        }
        // C1 only: javac behind JShell is the kernel's hot code and C2's compiles of it cost the first
        // cells more CPU than they save (bench/kernel/levers.py); heavy compute runs as cluster jobs.
        argv.add("-XX:TieredStopAtLevel=1");
        argv.add("-Djava.awt.headless=true");
        argv.add("-jar");
        argv.add("{resource_dir}/hpc-kernel.jar");
        argv.add("{connection_file}");
        JsonObject json = new JsonObject();
        json.add("argv", argv);
        json.addProperty("display_name", name.equals(DEFAULT_NAME) ? "Java (hpc-kernel)" : "Java (" + name + ")");
        json.addProperty("language", "java");
        json.addProperty("interrupt_mode", "message");
        JsonObject metadata = new JsonObject();
        metadata.addProperty("debugger", false);
        json.add("metadata", metadata);
        return new GsonBuilder()
                        .setPrettyPrinting()
                        .disableHtmlEscaping()
                        .create()
                        .toJson(json) + "\n";
    }

    /** Runs the kernel's training session once; JDK 25+ writes an AOT cache, older ones an AppCDS archive. */
    private static StartCache trainCache(String java, Path spec, int feature) throws IOException, InterruptedException {
        boolean aot = feature >= 25;
        Path cache = spec.resolve(aot ? "hpc-kernel.aot" : "hpc-kernel.jsa");
        Files.deleteIfExists(spec.resolve("hpc-kernel.aot"));
        Files.deleteIfExists(spec.resolve("hpc-kernel.jsa"));
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(
                aot
                        ? List.of("-XX:AOTCacheOutput=" + cache, "-Xlog:aot=off", "-Xlog:cds=off")
                        : List.of("-XX:ArchiveClassesAtExit=" + cache, "-Xlog:cds=off", "-Xlog:cds+dynamic=off"));
        command.addAll(List.of(
                "-XX:TieredStopAtLevel=1",
                "-Djava.awt.headless=true",
                "-jar",
                spec.resolve("hpc-kernel.jar").toString(),
                "--train"));
        Process p = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return StartCache.NONE;
        }
        boolean ok = p.exitValue() == 0 && Files.isRegularFile(cache) && Files.size(cache) > 0;
        return ok ? (aot ? StartCache.AOT : StartCache.APP_CDS) : StartCache.NONE;
    }

    private static void writeLogo(Path file, int size) throws IOException {
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(new Color(0x1f4e79));
        g.fillRoundRect(0, 0, size, size, size / 4, size / 4);
        g.setColor(Color.WHITE);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, size * 11 / 32));
        String text = "HPC";
        int width = g.getFontMetrics().stringWidth(text);
        g.drawString(text, (size - width) / 2, size / 2 + g.getFontMetrics().getAscent() / 3);
        g.dispose();
        ImageIO.write(image, "png", file.toFile());
    }

    private static String javaExecutable() {
        return ProcessHandle.current()
                .info()
                .command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    private static Path userDataDir(Map<String, String> env) {
        String dataDir = env.get("JUPYTER_DATA_DIR");
        if (dataDir != null && !dataDir.isBlank()) {
            return Path.of(dataDir);
        }
        String xdg = env.get("XDG_DATA_HOME");
        Path base = xdg != null && !xdg.isBlank()
                ? Path.of(xdg)
                : org.hpckernel.cluster.profile.UserDirs.home().resolve(".local/share");
        return base.resolve("jupyter");
    }

    private static Path sysPrefix() {
        try {
            Process p = new ProcessBuilder("python3", "-c", "import sys; print(sys.prefix)")
                    .redirectErrorStream(true)
                    .start();
            String prefix = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (p.waitFor() == 0 && !prefix.isEmpty()) {
                return Path.of(prefix);
            }
        } catch (IOException | InterruptedException e) {
            // fall through to the error below
        }
        throw new IllegalArgumentException(
                "--sys-prefix needs python3 on PATH to find sys.prefix; use --prefix DIR instead");
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static String ownJar() {
        try {
            return Path.of(KernelspecInstaller.class
                            .getProtectionDomain()
                            .getCodeSource()
                            .getLocation()
                            .toURI())
                    .toString();
        } catch (Exception e) {
            throw new IllegalStateException("cannot find the kernel's own jar", e);
        }
    }
}
