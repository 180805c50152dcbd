package org.hpckernel.kernel;

import io.github.spencerpark.jupyter.kernel.KernelConnectionProperties;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;
import org.hpckernel.kernel.exec.JavaEvaluator;
import org.hpckernel.kernel.install.KernelspecInstaller;
import org.hpckernel.kernel.io.CellRouting;
import org.hpckernel.kernel.wire.Wire;
import org.hpckernel.magic.MagicRegistry;

/**
 * {@code java -jar hpc-kernel.jar CONNECTION_FILE} runs the kernel;
 * {@code install [--user|--sys-prefix|--prefix DIR] [--name NAME]} and {@code uninstall [--name NAME]}
 * manage its kernelspec.
 */
public final class Main {

    static final List<String> STARTUP = List.of(
            "import java.util.*;",
            "import java.util.stream.*;",
            "import java.nio.file.*;",
            "import java.time.*;",
            "import tech.tablesaw.api.*;",
            "import org.hpckernel.render.Png;",
            "import org.hpckernel.render.Charts;",
            "import org.hpckernel.render.Rendering;",
            "import org.hpckernel.render.Renderers;",
            "import org.hpckernel.cluster.*;",
            "import org.hpckernel.session.Hpc;",
            "import static org.hpckernel.kernel.Notebook.*;");

    private Main() {}

    public static void main(String[] args) throws Exception {
        org.hpckernel.cluster.profile.UserDirs.alignUserHome();
        if (args.length == 0) {
            System.err.println(usage());
            System.exit(2);
        }
        switch (args[0]) {
            case "install" ->
                System.exit(KernelspecInstaller.run(
                        true, Arrays.copyOfRange(args, 1, args.length), System.out, System.err));
            case "uninstall" ->
                System.exit(KernelspecInstaller.run(
                        false, Arrays.copyOfRange(args, 1, args.length), System.out, System.err));
            case "--train" -> train();
            case "-h", "--help" -> System.out.println(usage());
            default -> run(Path.of(args[0]));
        }
    }

    private static String usage() {
        return """
                usage: java -jar hpc-kernel.jar CONNECTION_FILE       run the kernel (Jupyter starts it)
                       java -jar hpc-kernel.jar install [--user|--sys-prefix|--prefix DIR] [--name NAME]
                       java -jar hpc-kernel.jar uninstall [--user|--sys-prefix|--prefix DIR] [--name NAME]""";
    }

    static void run(Path connectionFile) throws Exception {
        StartTrace.mark("main");
        // JShell's start (~1 s, javac's first compile) is the longest step before a first Java cell
        // can answer: it begins before the wire, the magics and Tablesaw are set up
        CompletableFuture<JavaEvaluator> java =
                HpcKernel.startJava(() -> new JavaEvaluator(List.of(ownJar()), STARTUP));
        KernelLog.configure();
        PrintStream log = System.err;
        CellRouting.install();
        KernelConnectionProperties props = KernelConnectionProperties.parse(Files.readString(connectionFile));
        Wire wire = new Wire(props);
        MagicRegistry magics = MagicRegistry.withBuiltins();
        HpcKernel[] kernel = new HpcKernel[1];
        LibraryDocs docs = new LibraryDocs();
        ClasspathMagics.register(magics, path -> kernel[0].evaluator().addToClasspath(path), docs);
        magics.register(org.hpckernel.magic.hpc.HpcMagic.create(org.hpckernel.session.Hpc::session));
        magics.register(org.hpckernel.magic.wandb.WandbMagic.create(org.hpckernel.session.Hpc::session));
        kernel[0] = new HpcKernel(wire, magics, java, docs);
        wire.start(kernel[0]::onShell, kernel[0]::onControl);
        StartTrace.mark("wire listening");
        initTablesawInBackground();
        log.println("hpc-kernel " + KernelInfo.VERSION + " listening (" + connectionFile.getFileName() + ")");
        wire.awaitClose();
        System.exit(0);
    }

    /**
     * Tablesaw's Table scans the classpath (this whole jar) in its static initialiser, ~0.5 s of CPU:
     * started once the wire listens (not at launch, where it slowed JShell's start and the wire's on 2
     * cores), beside JShell, so a first magic cell, whose result is usually a table, rarely waits for it.
     */
    private static void initTablesawInBackground() {
        Thread t = new Thread(
                () -> {
                    try {
                        org.slf4j.LoggerFactory
                                .getILoggerFactory(); // SLF4J finds its provider here, not in a magic's first call
                        Class.forName("tech.tablesaw.api.Table");
                        StartTrace.mark("Tablesaw ready");
                    } catch (ClassNotFoundException | LinkageError e) {
                        // the first cell that needs a table will report it
                        org.slf4j.LoggerFactory.getLogger(Main.class)
                                .warn("Tablesaw could not be loaded ahead of the first cell", e);
                    }
                },
                "tablesaw-init");
        t.setDaemon(true);
        t.start();
    }

    /** Cells like a first session's, evaluated once at install to train the start cache. */
    private static final List<String> TRAINING_CELLS = List.of(
            "1 + 1",
            "int n = 3;\nString s = \"x\" + n;\ns.length()",
            "double square(double x) { return x * x; }\nsquare(n)",
            "record Point(int x, int y) {}\nvar ps = List.of(new Point(1, 2), new Point(3, 4));\nps.stream().mapToInt(Point::x).sum()",
            "var t = Table.create(\"t\", IntColumn.create(\"x\", 1, 2), StringColumn.create(\"s\", \"a\", \"b\"));\nt",
            "for (int i = 0; i < 3; i++) { System.out.println(i); }",
            "undefinedName + 1",
            "Integer.parseInt(\"x\")");

    /** A training run for the start cache: loads and runs what a session does, then exits. */
    private static void train() {
        quietLogging();
        MagicRegistry magics = MagicRegistry.withBuiltins();
        JavaEvaluator evaluator = new JavaEvaluator(List.of(ownJar()), STARTUP);
        evaluator.warmUp();
        for (String cell : TRAINING_CELLS) {
            try {
                evaluator
                        .eval(cell, 1)
                        .ifPresent(v -> org.hpckernel.kernel.display.DisplayMapper.toDisplay(v.object()));
            } catch (Exception expected) {
                // the error paths are trained too
            }
        }
        evaluator.analysis().completionSuggestions("System.out.pr", 13, new int[1]);
        evaluator.analysis().documentation("String.format(", 14, true);
        org.hpckernel.kernel.display.DisplayMapper.toDisplay(magics.all());
        evaluator.close();
        System.exit(0);
    }

    static String ownJar() {
        try {
            return Path.of(Main.class
                            .getProtectionDomain()
                            .getCodeSource()
                            .getLocation()
                            .toURI())
                    .toString();
        } catch (Exception e) {
            throw new IllegalStateException("cannot find the kernel's own jar", e);
        }
    }

    private static void quietLogging() {
        // SLF4J (pulled in by libraries) would print its "no providers" notice into the first cell
        System.setProperty("slf4j.internal.verbosity", "ERROR");
        LogManager.getLogManager().reset();
        Logger root = Logger.getLogger("");
        java.util.logging.ConsoleHandler handler = new java.util.logging.ConsoleHandler();
        handler.setLevel(Level.WARNING);
        root.addHandler(handler);
        root.setLevel(Level.WARNING);
    }
}
