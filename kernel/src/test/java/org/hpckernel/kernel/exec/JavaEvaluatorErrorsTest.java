package org.hpckernel.kernel.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Errors name the user's cell line and message, never JShell's wrapper classes. */
class JavaEvaluatorErrorsTest {

    private static JavaEvaluator java;

    @BeforeAll
    static void start() {
        java = new JavaEvaluator(List.of(), List.of("import java.util.*;"));
    }

    @AfterAll
    static void stop() {
        java.close();
    }

    private static String shown(CellFailure f) {
        return f.value() + "\n" + String.join("\n", f.traceback());
    }

    @Test
    void aMissingSymbolSaysWhichWithoutAnEmptyLocation() {
        CellFailure f = assertThrows(CellFailure.class, () -> java.eval("int a = 1;\nundefinedName + a", 1));
        String text = shown(f);
        assertTrue(text.contains("line 2: cannot find symbol"), text);
        assertTrue(text.contains("symbol:   variable undefinedName"), text);
        assertFalse(text.matches("(?s).*location: class\\s*(\\n.*)?"), text);
        assertFalse(text.contains("$JShell$"), text);
    }

    @Test
    void aRuntimeErrorPointsAtTheCellLine() {
        CellFailure f = assertThrows(CellFailure.class, () -> java.eval("String s = \"x\";\nInteger.parseInt(s)", 1));
        String text = shown(f);
        assertTrue(text.contains("java.lang.NumberFormatException: For input string: \"x\""), text);
        assertTrue(text.contains("    at cell line 2"), text);
        assertFalse(text.contains("at  (") || text.contains("at (") || text.contains("do_it"), text);
    }

    @Test
    void aMethodDeclaredInACellKeepsItsName() {
        CellFailure f = assertThrows(
                CellFailure.class, () -> java.eval("int boom(int x) {\n    return 10 / x;\n}\nboom(0)", 1));
        String text = shown(f);
        assertTrue(text.contains("    at boom (cell line 2)"), text);
        assertTrue(text.contains("    at cell line 4"), text);
        assertFalse(text.contains("$JShell$"), text);
    }

    @Test
    void syntheticNamesLeaveMessagesAlone() {
        assertEquals(
                "cannot find symbol\n  symbol:   method foo()",
                JavaEvaluator.withoutSyntheticNames(
                        "cannot find symbol\n  symbol:   method foo()\n  location: class "));
        assertEquals(
                "incompatible types: Point cannot be converted to int",
                JavaEvaluator.withoutSyntheticNames(
                        "incompatible types: REPL.$JShell$14$Point cannot be converted to int"));
    }

    @Test
    void oneLineCellsSkipTheSplitPassAndKeepTheirLine() throws Exception {
        assertTrue(JavaEvaluator.isOneSnippet("1 + 1"));
        assertFalse(JavaEvaluator.isOneSnippet("int a = 1; a"));
        assertFalse(JavaEvaluator.isOneSnippet("1 + 1 // ;"));
        assertEquals(2, java.eval("  1 + 1", 1).orElseThrow().object());
        assertEquals("a;b", java.eval("String t = \"a;b\"; t", 1).orElseThrow().object());
        CellFailure f = assertThrows(CellFailure.class, () -> java.eval("\nmissingThing", 5));
        assertTrue(shown(f).contains("line 6: cannot find symbol"), shown(f));
    }
}
