package org.hpckernel.magic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class CellParserTest {

    @Test
    void cellMagicTakesTheWholeCellAsBody() {
        List<CellPart> parts = CellParser.parse("%%hpc submit --nodes 2\n#!/bin/bash\necho hi");
        assertEquals(1, parts.size());
        MagicCall call = ((CellPart.MagicLine) parts.get(0)).call();
        assertEquals("hpc", call.name());
        assertEquals(List.of("submit", "--nodes", "2"), call.args());
        assertEquals("#!/bin/bash\necho hi", call.body().orElseThrow());
    }

    @Test
    void cellMagicWithoutBodyIsStillAMagic() {
        MagicCall call = ((CellPart.MagicLine) CellParser.parse("\n%%hpc sweep").get(0)).call();
        assertTrue(call.isCell());
        assertEquals("", call.body().orElseThrow());
    }

    @Test
    void lineMagicsInterleaveWithJavaInOrder() {
        List<CellPart> parts = CellParser.parse("int a = 1;\n  %jars lib/x.jar\na + 1\n%classpath");
        assertEquals(4, parts.size());
        assertEquals(new CellPart.Code("int a = 1;", 1), parts.get(0));
        assertEquals("jars", ((CellPart.MagicLine) parts.get(1)).call().name());
        assertEquals(new CellPart.Code("a + 1", 3), parts.get(2));
        assertInstanceOf(CellPart.MagicLine.class, parts.get(3));
    }

    @Test
    void moduloInJavaIsNotAMagic() {
        List<CellPart> parts = CellParser.parse("int r = 7 % 3;\nString s = \"%hpc\";");
        assertEquals(1, parts.size());
        assertInstanceOf(CellPart.Code.class, parts.get(0));
    }

    @Test
    void cellMagicAfterTheFirstLineIsAnError() {
        MagicException e = assertThrows(MagicException.class, () -> CellParser.parse("int a = 1;\n%%hpc submit"));
        assertTrue(e.getMessage().contains("first line"), e.getMessage());
    }

    @Test
    void partsCompareByContentWithTheShortConstructors() {
        List<CellPart> parts = CellParser.parse("%lsmagic");
        assertEquals(List.of(new CellPart.MagicLine(MagicCall.line("lsmagic", List.of()))), parts);
        assertEquals(List.of(new CellPart.Code("1 + 1")), CellParser.parse("1 + 1"));
    }

    @Test
    void cellMagicBodyKeepsBlankLinesAndPercentLines() {
        MagicCall call = ((CellPart.MagicLine) CellParser.parse("  \n  %%hpc submit 'a b'\n\n%notamagic here\n%%x\n")
                        .get(0))
                .call();
        assertEquals(List.of("submit", "a b"), call.args());
        assertEquals("\n%notamagic here\n%%x\n", call.body().orElseThrow());
    }

    @Test
    void cellMagicLineWithoutArgumentsHasNoArgs() {
        MagicCall call =
                ((CellPart.MagicLine) CellParser.parse("%%bash\necho $HOME").get(0)).call();
        assertEquals("bash", call.name());
        assertEquals(List.of(), call.args());
    }

    @Test
    void windowsLineEndingsSplitLikeUnixOnes() {
        List<CellPart> parts = CellParser.parse("int a = 1;\r\n%lsmagic\r\na");
        assertEquals(3, parts.size());
        assertEquals("a", ((CellPart.Code) parts.get(2)).source());
    }

    @Test
    void percentNotFollowedByANameIsJava() {
        List<CellPart> parts = CellParser.parse("%1\n% x\n%\n%-v");
        assertEquals(List.of(new CellPart.Code("%1\n% x\n%\n%-v", 1)), parts);
    }

    @Test
    void magicNamesMayHaveDigitsUnderscoresAndHyphens() {
        MagicCall call =
                ((CellPart.MagicLine) CellParser.parse("%_my-magic2 --k=v").get(0)).call();
        assertEquals("_my-magic2", call.name());
        assertEquals(List.of("--k=v"), call.args());
    }

    @Test
    void blankCodeBetweenMagicsIsDropped() {
        List<CellPart> parts = CellParser.parse("%jars a.jar\n\n   \n%classpath\n");
        assertEquals(2, parts.size());
        assertTrue(parts.stream().allMatch(p -> p instanceof CellPart.MagicLine));
    }

    @Test
    void emptyCellHasNoParts() {
        assertEquals(List.of(), CellParser.parse(""));
        assertEquals(List.of(), CellParser.parse("\n  \n"));
    }

    @Test
    void lineMagicArgumentsUseTheTokenizer() {
        MagicCall call = ((CellPart.MagicLine) CellParser.parse("%hpc submit --name \"my job\" '' C:\\dir\\f")
                        .get(0))
                .call();
        assertEquals(List.of("submit", "--name", "my job", "", "C:\\dir\\f"), call.args());
    }

    @Test
    void lateCellMagicErrorNamesTheMagicAndTheLine() {
        MagicException e =
                assertThrows(MagicException.class, () -> CellParser.parse("%lsmagic\nint a;\n  %%hpc submit"));
        assertTrue(
                e.getMessage().contains("Line 3")
                        && e.getMessage().contains("%%hpc")
                        && e.getMessage().contains("cell magics must be on the first line"),
                e.getMessage());
    }

    @Test
    void unclosedQuoteInALineMagicIsAnError() {
        assertThrows(MagicException.class, () -> CellParser.parse("int a;\n%hpc submit --name 'x"));
    }

    @Test
    void percentNameGluedToJavaPunctuationIsCode() {
        assertEquals(List.of(new CellPart.Code("int y = x\n%b;")), CellParser.parse("int y = x\n%b;"));
    }

    @Test
    void continuationLinesAfterAnOperatorOrInsideParenthesesAreCode() {
        String afterOperator = "int y = a +\n%b";
        assertEquals(List.of(new CellPart.Code(afterOperator)), CellParser.parse(afterOperator));
        String inParens = "foo(a,\n    %b\n);";
        assertEquals(List.of(new CellPart.Code(inParens)), CellParser.parse(inParens));
    }

    @Test
    void textBlocksAndBlockCommentsHidePercentLines() {
        String textBlock = "String t = \"\"\"\n%hpc status\n%%hpc submit\n\"\"\";";
        assertEquals(List.of(new CellPart.Code(textBlock)), CellParser.parse(textBlock));
        String comment = "/* notes\n%hpc status\n*/\nint a = 1;";
        assertEquals(List.of(new CellPart.Code(comment)), CellParser.parse(comment));
    }

    @Test
    void percentInsideStringAndCharLiteralsDoesNotConfuseTheScan() {
        String cell = "String s = \"(\";\nchar c = '(';\n%lsmagic";
        assertEquals(
                List.of(
                        new CellPart.Code("String s = \"(\";\nchar c = '(';"),
                        new CellPart.MagicLine(MagicCall.line("lsmagic", List.of()), 3)),
                CellParser.parse(cell));
    }

    @Test
    void magicAfterAClosingBraceOrACommentWithATrailingOperatorIsAMagic() {
        String cell = "void f() {}\n%lsmagic\n// a comment ending in +\n%lsmagic";
        assertEquals(
                List.of(
                        new CellPart.Code("void f() {}"),
                        new CellPart.MagicLine(MagicCall.line("lsmagic", List.of()), 2),
                        new CellPart.Code("// a comment ending in +", 3),
                        new CellPart.MagicLine(MagicCall.line("lsmagic", List.of()), 4)),
                CellParser.parse(cell));
    }
}
