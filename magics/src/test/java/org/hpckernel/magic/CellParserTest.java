package org.hpckernel.magic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.hpckernel.magic.CellPart.Code;
import org.hpckernel.magic.CellPart.MagicLine;
import org.junit.jupiter.api.Test;

class CellParserTest {

    private static MagicLine line(String name, String... args) {
        return new MagicLine(MagicCall.line(name, List.of(args)));
    }

    @Test
    void plainJavaIsOneCodePart() {
        assertEquals(List.of(new Code("int a = 7;\nint b = a % 3;")), CellParser.parse("int a = 7;\nint b = a % 3;"));
    }

    @Test
    void emptyOrBlankCellHasNoParts() {
        assertEquals(List.of(), CellParser.parse(""));
        assertEquals(List.of(), CellParser.parse("  \n\t\n"));
    }

    @Test
    void cellMagicOnTheFirstLineTakesTheRestAsBody() {
        List<CellPart> parts = CellParser.parse("%%hpc submit --name \"my job\"\n#!/bin/bash\necho hi\n");
        assertEquals(List.of(new MagicLine(MagicCall.cell("hpc", List.of("submit", "--name", "my job"),
                "#!/bin/bash\necho hi\n"))), parts);
    }

    @Test
    void cellMagicWithoutBodyIsStillAMagic() {
        // basekernel 2.3.0 handed this to JShell
        assertEquals(List.of(new MagicLine(MagicCall.cell("hpc", List.of("submit"), ""))), CellParser.parse("%%hpc submit"));
        assertEquals(List.of(new MagicLine(MagicCall.cell("lsmagic", List.of(), ""))), CellParser.parse("%%lsmagic\n"));
    }

    @Test
    void cellMagicMayFollowBlankLinesAndIndentation() {
        List<CellPart> parts = CellParser.parse("\n\n  %%hpc submit\nbody");
        assertEquals(Optional.of("body"), ((MagicLine) parts.get(0)).call().body());
    }

    @Test
    void cellMagicBodyKeepsPercentLinesAsText() {
        List<CellPart> parts = CellParser.parse("%%hpc submit\n%hpc status\n%%other\n");
        assertEquals(1, parts.size());
        assertEquals(Optional.of("%hpc status\n%%other\n"), ((MagicLine) parts.get(0)).call().body());
    }

    @Test
    void lineMagicsAndCodeAlternateInOrder() {
        String cell = "int x = 1;\n%hpc status 12 13\nx++;\n  %lsmagic\nSystem.out.println(x);";
        assertEquals(List.of(new Code("int x = 1;"), line("hpc", "status", "12", "13"), new Code("x++;"),
                line("lsmagic"), new Code("System.out.println(x);")), CellParser.parse(cell));
    }

    @Test
    void magicNamesMayContainDashesAndUnderscores() {
        assertEquals(List.of(line("my-magic_2", "a")), CellParser.parse("%my-magic_2 a"));
    }

    @Test
    void percentInJavaIsNotAMagic() {
        String cell = "int r = a % b;\nr %= 2;\nString s = \"%hpc not a magic\";\nchar c = '%';";
        assertEquals(List.of(new Code(cell)), CellParser.parse(cell));
    }

    @Test
    void percentFollowedByANonNameCharacterIsCode() {
        assertEquals(List.of(new Code("x\n% 2;")), CellParser.parse("x\n% 2;"));
        assertEquals(List.of(new Code("%1")), CellParser.parse("%1"));
    }

    @Test
    void percentNameGluedToJavaPunctuationIsCode() {
        assertEquals(List.of(new Code("int y = x\n%b;")), CellParser.parse("int y = x\n%b;"));
    }

    @Test
    void continuationLinesAfterAnOperatorOrInsideParenthesesAreCode() {
        String afterOperator = "int y = a +\n%b";
        assertEquals(List.of(new Code(afterOperator)), CellParser.parse(afterOperator));
        String inParens = "foo(a,\n    %b\n);";
        assertEquals(List.of(new Code(inParens)), CellParser.parse(inParens));
    }

    @Test
    void textBlocksAndBlockCommentsHidePercentLines() {
        String textBlock = "String t = \"\"\"\n%hpc status\n\"\"\";";
        assertEquals(List.of(new Code(textBlock)), CellParser.parse(textBlock));
        String comment = "/* notes\n%hpc status\n*/\nint a = 1;";
        assertEquals(List.of(new Code(comment)), CellParser.parse(comment));
    }

    @Test
    void magicAfterAStatementEndingWithAClosingBraceOrCommentWorks() {
        String cell = "void f() {}\n%lsmagic\n// a comment with a trailing +\n%lsmagic";
        assertEquals(List.of(new Code("void f() {}"), line("lsmagic"), new Code("// a comment with a trailing +"),
                line("lsmagic")), CellParser.parse(cell));
    }

    @Test
    void cellMagicAfterTheFirstLineIsAnErrorThatSaysToMoveIt() {
        MagicException e = assertThrows(MagicException.class, () -> CellParser.parse("int a = 1;\n%%hpc submit\necho"));
        assertTrue(e.getMessage().contains("must be the first line"), e.getMessage());
        assertTrue(e.getMessage().contains("line 2"), e.getMessage());
    }

    @Test
    void windowsLineEndingsAreHandled() {
        assertEquals(List.of(new Code("int a = 1;"), line("lsmagic")), CellParser.parse("int a = 1;\r\n%lsmagic\r\n"));
    }

    @Test
    void lineMagicArgumentsAreTokenizedWithQuotes() {
        assertEquals(List.of(line("jars", "C:\\libs\\a.jar", "my dir/b.jar", "")),
                CellParser.parse("%jars C:\\libs\\a.jar \"my dir/b.jar\" ''"));
    }

    @Test
    void unclosedQuoteInAMagicLineIsAnError() {
        assertThrows(MagicException.class, () -> CellParser.parse("%hpc logs \"12"));
    }
}
