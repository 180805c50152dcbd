package org.hpckernel.kernel;

import io.github.spencerpark.jupyter.messages.request.InspectRequest;
import org.hpckernel.kernel.exec.JavaEvaluator;
import org.hpckernel.magic.MagicRegistry;
import org.hpckernel.magic.hpc.HpcMagic;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Shift-Tab: classes, fields, variables and methods show signature or type; magic lines their subcommand's help. */
class InspectTest {

    private static JavaEvaluator java;
    private static Completer completer;

    @BeforeAll
    static void start() throws Exception {
        java = new JavaEvaluator(List.of(), List.of("import java.util.*;"));
        java.eval("var runs = new ArrayList<Integer>();", 1);
        MagicRegistry magics = MagicRegistry.withBuiltins();
        magics.register(HpcMagic.create(() -> {
            throw new IllegalStateException("inspect needs no session");
        }));
        completer = new Completer(magics, () -> java);
    }

    @AfterAll
    static void stop() {
        java.close();
    }

    private static String inspect(String code, int cursor) {
        var reply = completer.inspect(new InspectRequest(code, cursor, 0));
        return reply.get("found").getAsBoolean() ? reply.getAsJsonObject("data").get("text/plain").getAsString() : "(nothing)";
    }

    private static String inspectAtEnd(String code) {
        return inspect(code, code.length());
    }

    @Test
    void aClassShowsItsNameAndJavadocFromTheJdkSources() {
        String text = inspectAtEnd("String");
        assertTrue(text.startsWith("java.lang.String"), text);
        if (Files.isRegularFile(Path.of(System.getProperty("java.home"), "lib", "src.zip"))) {
            assertTrue(text.contains("class represents character strings"), text);
            assertFalse(text.contains("{@code"), text);
        }
    }

    @Test
    void aFieldAndAVariableShowTheirType() {
        assertTrue(inspectAtEnd("System.out").startsWith("System.out : java.io.PrintStream"), inspectAtEnd("System.out"));
        assertTrue(inspectAtEnd("runs").startsWith("runs : java.util.ArrayList<java.lang.Integer>"), inspectAtEnd("runs"));
        assertTrue(inspect("runs.size()", 2).startsWith("runs : "), inspect("runs.size()", 2));
    }

    @Test
    void aMethodShowsItsOverloads() {
        String text = inspectAtEnd("String.format");
        assertTrue(text.contains("String String.format(String format, Object... args)"), text);
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
