package org.hpckernel.kernel.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A cell's value is returned live and does not stay behind as a $N variable every later compile imports. */
class JavaEvaluatorValuesTest {

    private static JavaEvaluator java;

    @BeforeAll
    static void start() {
        java = new JavaEvaluator(List.of(), List.of("import java.util.*;"));
    }

    @AfterAll
    static void stop() {
        java.close();
    }

    @Test
    void valuesOfExpressionCellsAreShownAndTheSessionKeepsOnlyWhatTheUserDeclared() throws Exception {
        int before = java.activeSnippets();
        java.eval("var runs = new ArrayList<Integer>();", 1);
        for (int i = 0; i < 5; i++) {
            assertEquals(i, java.eval("runs.size()", 1).orElseThrow().object());
            java.eval("runs.add(" + i + ")", 1);
        }
        assertEquals(List.of(0, 1, 2, 3, 4), java.eval("runs", 1).orElseThrow().object());
        assertEquals(4, java.eval("1 + 3", 1).orElseThrow().object());
        assertEquals(
                "java.lang.String",
                java.eval("\"a\" + runs.get(2)", 1)
                        .orElseThrow()
                        .object()
                        .getClass()
                        .getName());
        assertEquals(before + 1, java.activeSnippets(), "only the declared variable stays");
    }
}
