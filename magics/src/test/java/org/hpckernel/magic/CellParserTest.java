package org.hpckernel.magic;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
}
