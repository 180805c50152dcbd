package org.hpckernel.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.spencerpark.jupyter.messages.request.InspectRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.hpckernel.kernel.exec.JavaEvaluator;
import org.hpckernel.magic.MagicRegistry;
import org.hpckernel.magic.hpc.HpcMagic;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Shift-Tab: classes, fields, variables and methods show signature or type; magic lines their subcommand's help. */
class InspectTest {

    private static JavaEvaluator java;
    private static Completer completer;
    private static final LibraryDocs libraries = new LibraryDocs();
    private static final java.util.concurrent.atomic.AtomicInteger sourceLookups =
            new java.util.concurrent.atomic.AtomicInteger();

    @BeforeAll
    static void start() throws Exception {
        java = new JavaEvaluator(List.of(), List.of("import java.util.*;"));
        java.eval("var runs = new ArrayList<Integer>();", 1);
        MagicRegistry magics = MagicRegistry.withBuiltins();
        magics.register(HpcMagic.create(() -> {
            throw new IllegalStateException("inspect needs no session");
        }));
        completer = new Completer(magics, () -> java, libraries);
    }

    @AfterAll
    static void stop() {
        java.close();
    }

    private static String inspect(String code, int cursor) {
        var reply = completer.inspect(new InspectRequest(code, cursor, 0));
        return reply.get("found").getAsBoolean()
                ? reply.getAsJsonObject("data").get("text/plain").getAsString()
                : "(nothing)";
    }

    private static String inspectAtEnd(String code) {
        return inspect(code, code.length());
    }

    @Test
    void aClassShowsItsNameAndJavadocFromTheJdkSources() {
        String text = inspectAtEnd("String");
        assertTrue(text.startsWith("java.lang.String"), text);
        // install/test.sh installs the JDK's sources (openjdk-17-source), as a user's JDK usually has them
        assertTrue(text.contains("class represents character strings"), text);
        assertFalse(text.contains("{@code"), text);
    }

    @Test
    void aFieldAndAVariableShowTheirType() {
        assertTrue(
                inspectAtEnd("System.out").startsWith("System.out : java.io.PrintStream"), inspectAtEnd("System.out"));
        assertTrue(
                inspectAtEnd("runs").startsWith("runs : java.util.ArrayList<java.lang.Integer>"), inspectAtEnd("runs"));
        assertTrue(inspect("runs.size()", 2).startsWith("runs : "), inspect("runs.size()", 2));
    }

    @Test
    void aMethodShowsItsOverloads() {
        String text = inspectAtEnd("String.format");
        assertTrue(text.contains("String String.format(String format, Object... args)"), text);
    }

    /** A library jar as %jars adds it, compiled here, with its -sources jar beside it as Maven's cache keeps them. */
    @Test
    void aLibrarysClassesAndMembersShowTheJavadocOfItsSourcesJar(@TempDir Path tmp) throws Exception {
        Path src = tmp.resolve("src/demo/Greeter.java");
        Files.createDirectories(src.getParent());
        Files.writeString(src, SourceJavadocTest.SOURCE);
        Path classes = Files.createDirectories(tmp.resolve("classes"));
        int javac = javax.tools.ToolProvider.getSystemJavaCompiler()
                .run(null, null, null, "-d", classes.toString(), src.toString());
        assertEquals(0, javac);
        Path jar = tmp.resolve("greeter-1.0.jar");
        zip(jar, classes);
        zip(tmp.resolve("greeter-1.0-sources.jar"), tmp.resolve("src"));
        java.addToClasspath(jar.toString());
        libraries.added(jar, () -> {
            sourceLookups.incrementAndGet();
            return LibraryDocs.besideIt(jar);
        });
        java.eval("import demo.Greeter;", 2);

        assertEquals("demo.Greeter\n\nGreets people.", inspectAtEnd("Greeter"));
        String greet = inspectAtEnd("new Greeter().greet");
        // compiled without -parameters, as most jars are: JShell prints no parameter names
        assertTrue(greet.contains("String Greeter.greet(String)\n\nGreets one person."), greet);
        assertTrue(greet.contains("String Greeter.greet(List<String>)\n\nGreets everyone in the list."), greet);
        assertTrue(
                greet.contains(
                        "String Greeter.<T>greet(Map<T,Integer>, String...)\n\nGreets each name the given number of times."),
                greet);
        assertTrue(inspectAtEnd("new Greeter(").contains("A greeter with its own word."), inspectAtEnd("new Greeter("));
        assertTrue(inspectAtEnd("Greeter.count").contains("How many greetings so far."), inspectAtEnd("Greeter.count"));
        assertTrue(
                inspectAtEnd("new demo.Greeter.Saved().replay(").contains("Says it again."),
                inspectAtEnd("new demo.Greeter.Saved().replay("));
        assertEquals(1, sourceLookups.get(), "the sources are looked for once");
    }

    private static void zip(Path jar, Path root) throws java.io.IOException {
        try (var out = new java.util.zip.ZipOutputStream(Files.newOutputStream(jar));
                var files = Files.walk(root)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                out.putNextEntry(
                        new java.util.zip.ZipEntry(root.relativize(f).toString().replace('\\', '/')));
                out.write(Files.readAllBytes(f));
                out.closeEntry();
            }
        }
    }

    @Test
    void aSubmitCellShowsSubmitsHelpAndTheOptionUnderTheCursor() {
        String cell = "%%hpc submit --mem 4G --time 10\necho hi";
        String onSubmit = inspect(cell, 8);
        assertTrue(onSubmit.contains("--mem"), onSubmit);
        assertFalse(onSubmit.contains("profile add"), onSubmit);
        String onMem = inspect(cell, cell.indexOf("--mem") + 3);
        assertTrue(onMem.startsWith("--mem"), onMem);
        String inBody = inspectAtEnd(cell);
        assertTrue(inBody.contains("--mem"), inBody);
    }
}
