package org.hpckernel.magic;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TokenizerTest {

    @Test
    void splitsOnWhitespace() {
        assertEquals(List.of("submit", "--nodes", "2", "--time=01:00:00"), Tokenizer.tokenize("  submit --nodes 2\t--time=01:00:00 "));
    }

    @Test
    void emptyQuotedStringsAreEmptyWords() {
        assertEquals(List.of("my job", "", "x", ""), Tokenizer.tokenize("\"my job\" \"\" x ''"));
    }

    @Test
    void singleQuotesKeepEverythingLiterally() {
        assertEquals(List.of("$(rm -rf /) `id` \\n \"q\""), Tokenizer.tokenize("'$(rm -rf /) `id` \\n \"q\"'"));
    }

    @Test
    void doubleQuotesAllowEscapedQuotesAndDollars() {
        assertEquals(List.of("say \"hi\" for $5 \\ `x`"), Tokenizer.tokenize("\"say \\\"hi\\\" for \\$5 \\\\ \\`x\\`\""));
    }

    @Test
    void windowsPathsKeepTheirBackslashes() {
        assertEquals(List.of("C:\\dir\\f", "D:\\new\\table"), Tokenizer.tokenize("C:\\dir\\f D:\\new\\table"));
    }

    @Test
    void backslashEscapesSpaceAndQuotesOutsideQuotes() {
        assertEquals(List.of("a b", "it's", "\\"), Tokenizer.tokenize("a\\ b it\\'s \\\\"));
    }

    @Test
    void adjacentQuotedPartsJoinIntoOneWord() {
        assertEquals(List.of("--env=K=a b", "x'y"), Tokenizer.tokenize("--env=K='a b' \"x'\"y"));
    }

    @Test
    void newlinesInsideQuotesAreKept() {
        assertEquals(List.of("line1\nline2", "z"), Tokenizer.tokenize("'line1\nline2' z"));
    }

    @Test
    void unicodeSurvives() {
        assertEquals(List.of("実験-α", "🚀"), Tokenizer.tokenize("実験-α 🚀"));
    }

    @Test
    void unclosedQuoteSaysWhichAndWhere() {
        MagicException e = assertThrows(MagicException.class, () -> Tokenizer.tokenize("--name 'oops"));
        assertTrue(e.getMessage().contains("single quote") && e.getMessage().contains("column 8"), e.getMessage());
        MagicException d = assertThrows(MagicException.class, () -> Tokenizer.tokenize("\"a"));
        assertTrue(d.getMessage().contains("double quote"), d.getMessage());
    }

    @Test
    void emptyLineHasNoWords() {
        assertEquals(List.of(), Tokenizer.tokenize("   "));
    }
}
