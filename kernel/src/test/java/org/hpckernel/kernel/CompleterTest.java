package org.hpckernel.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import io.github.spencerpark.jupyter.messages.request.CompleteRequest;
import java.util.ArrayList;
import java.util.List;
import org.hpckernel.kernel.exec.JavaEvaluator;
import org.hpckernel.magic.MagicRegistry;
import org.hpckernel.magic.hpc.HpcMagic;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Tab and Shift-Enter: what completes a magic's name, subcommand and options, what completes Java in
 * JShell (also in a cell with magic lines), where the replaced text starts, and when a cell is complete.
 */
class CompleterTest {

    private static JavaEvaluator java;
    private static Completer completer;

    @BeforeAll
    static void start() throws Exception {
        java = new JavaEvaluator(List.of(), List.of("import java.util.*;"));
        java.eval("var losses = new ArrayList<Double>();", 1);
        MagicRegistry magics = MagicRegistry.withBuiltins();
        magics.register(HpcMagic.create(() -> {
            throw new IllegalStateException("completion needs no session");
        }));
        completer = new Completer(magics, () -> java, new LibraryDocs());
    }

    @AfterAll
    static void stop() {
        java.close();
    }

    private record Completion(List<String> matches, int start, int end) {}

    private static Completion complete(String code, int cursor) {
        JsonObject reply = completer.complete(new CompleteRequest(code, cursor));
        assertEquals("ok", reply.get("status").getAsString());
        List<String> matches = new ArrayList<>();
        reply.getAsJsonArray("matches").forEach(m -> matches.add(m.getAsString()));
        return new Completion(
                matches,
                reply.get("cursor_start").getAsInt(),
                reply.get("cursor_end").getAsInt());
    }

    private static Completion completeAtEnd(String code) {
        return complete(code, code.length());
    }

    /** What the front end shows after accepting {@code match}: the text with [start, end) replaced. */
    private static String accept(String code, Completion c, String match) {
        assertTrue(c.matches().contains(match), match + " in " + c.matches());
        return code.substring(0, c.start()) + match + code.substring(c.end());
    }

    @Test
    void aMagicNameCompletesAfterItsPercentSignAndKeepsIt() {
        Completion c = completeAtEnd("%hp");
        assertEquals(List.of("hpc"), c.matches());
        assertEquals("%hpc", accept("%hp", c, "hpc"));
        Completion cell = completeAtEnd("%%hp");
        assertEquals("%%hpc", accept("%%hp", cell, "hpc"));
        List<String> all = completeAtEnd("%").matches();
        assertTrue(all.containsAll(List.of("hpc", "lsmagic", "help")), all.toString());
    }

    @Test
    void aSubcommandAndItsOptionsCompleteByTheirPrefix() {
        String code = "%hpc sub";
        Completion c = completeAtEnd(code);
        assertEquals(List.of("submit"), c.matches());
        assertEquals("%hpc submit", accept(code, c, "submit"));
        String option = "%%hpc submit --na";
        Completion o = completeAtEnd(option);
        assertEquals(List.of("--name"), o.matches());
        assertEquals("%%hpc submit --name", accept(option, o, "--name"));
        assertTrue(
                completeAtEnd("%hpc submit ").matches().containsAll(List.of("--name", "--time", "--help")),
                completeAtEnd("%hpc submit ").matches().toString());
    }

    @Test
    void aMagicLineCompletesWhereTheCursorIsNotAtTheEndOfTheCell() {
        String code = "%hpc stat\nint x = 1;";
        Completion c = complete(code, "%hpc stat".length());
        assertEquals("%hpc status\nint x = 1;", accept(code, c, "status"));
        assertEquals(List.of(), completeAtEnd("%nosuchmagic sub").matches());
    }

    @Test
    void javaCompletesMembersOfAVariableFromAnEarlierCell() {
        String code = "losses.ad";
        Completion c = completeAtEnd(code);
        assertTrue(c.matches().contains("add("), c.matches().toString());
        assertTrue(
                c.matches().stream().allMatch(m -> m.startsWith("add")),
                c.matches().toString());
        assertEquals("losses.add(", accept(code, c, "add("));
    }

    @Test
    void javaAfterAMagicLineInTheSameCellStillCompletesAtTheRightOffset() {
        String code = "%hpc status\n  \"abc\".toUpperC";
        Completion c = completeAtEnd(code);
        assertEquals(List.of("toUpperCase("), c.matches());
        assertEquals("%hpc status\n  \"abc\".toUpperCase(", accept(code, c, "toUpperCase("));
    }

    @Test
    void magicLinesBecomeBlanksOfTheSameLengthForJShell() {
        String code = "%hpc status\nint x = 1;\n  %%time\nx";
        String blanked = Completer.blankMagicLines(code);
        assertEquals(code.length(), blanked.length());
        assertEquals(" ".repeat(11) + "\nint x = 1;\n" + " ".repeat(8) + "\nx", blanked);
    }

    @Test
    void aCellIsCompleteOnceItsBlocksAndQuotesClose() {
        assertEquals("complete", status("int y = 2;"));
        JsonObject open = completer.isComplete("for (int i = 0; i < 3; i++) {");
        assertEquals("incomplete", open.get("status").getAsString());
        assertEquals("    ", open.get("indent").getAsString());
        assertEquals("complete", status("for (int i = 0; i < 3; i++) {\n  losses.add(1.0 * i);\n}"));
        assertEquals("complete", status("%hpc submit --name 'two words'"));
        assertEquals("incomplete", status("%hpc submit --name 'two words"));
        assertEquals("complete", status("%%hpc submit --name a\n#!/bin/bash\necho 'unclosed in the body"));
        assertEquals("complete", status("%hpc status\nint z = 3;"));
        assertEquals("incomplete", status("int y = 2;\nString s = \"abc\" +"));
        assertFalse(completer.isComplete("int y = 2;").has("indent"));
    }

    private static String status(String code) {
        return completer.isComplete(code).get("status").getAsString();
    }
}
