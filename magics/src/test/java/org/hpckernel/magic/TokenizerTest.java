package org.hpckernel.magic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class TokenizerTest {

    @Test
    void splitsOnWhitespace() {
        assertEquals(
                List.of("submit", "--nodes", "2", "--time=01:00:00"),
                Tokenizer.tokenize("  submit --nodes 2\t--time=01:00:00 "));
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
        assertEquals(
                List.of("say \"hi\" for $5 \\ `x`"), Tokenizer.tokenize("\"say \\\"hi\\\" for \\$5 \\\\ \\`x\\`\""));
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

    @Test
    void optionsWithEqualsKeepTheirValue() {
        assertEquals(
                List.of("--k=v", "--time=01:00:00", "--empty=", "--q=a b"),
                Tokenizer.tokenize("--k=v --time=01:00:00 --empty= --q=\"a b\""));
    }

    @Test
    void quotesOfTheOtherKindAreLiteralInsideQuotes() {
        assertEquals(List.of("'", "\"", "it's", "say \"x\""), Tokenizer.tokenize("\"'\" '\"' \"it's\" 'say \"x\"'"));
    }

    @Test
    void manyEmptyQuotesInARowAreOneEmptyWord() {
        assertEquals(List.of("", "", "ab"), Tokenizer.tokenize("\"\"'' '' a\"\"b"));
    }

    @Test
    void emptyQuotedWordsSurroundedByTabsAndNewlines() {
        assertEquals(List.of("", "x", ""), Tokenizer.tokenize("\t''\n x\t\"\"\t"));
    }

    @Test
    void quotedPartsGlueToUnquotedNeighbours() {
        assertEquals(List.of("abc", "pre fix", "a'b\"c"), Tokenizer.tokenize("\"a\"'b'c pre\" \"fix a\\'b\\\"c"));
    }

    @Test
    void shellMetacharactersAreJustCharacters() {
        assertEquals(
                List.of("a;b", "|", "&&", "$(id)", "`id`", ">", "*", "~/x"),
                Tokenizer.tokenize("a;b | && $(id) `id` > * ~/x"));
    }

    @Test
    void backslashEscapesDollarAndBacktickOutsideQuotes() {
        assertEquals(List.of("$HOME", "`x`"), Tokenizer.tokenize("\\$HOME \\`x\\`"));
    }

    @Test
    void backslashBeforeOrdinaryCharactersIsKeptOutsideAndInsideDoubleQuotes() {
        assertEquals(List.of("\\n", "a\\tb", "\\n\\q", "\\d+"), Tokenizer.tokenize("\\n a\\tb \"\\n\\q\" '\\d+'"));
    }

    @Test
    void uncPathsAndEscapedBackslashes() {
        assertEquals(
                List.of("\\\\server\\share", "\\server\\share"),
                Tokenizer.tokenize("'\\\\server\\share' \\\\server\\share"));
    }

    @Test
    void trailingLoneBackslashIsKept() {
        assertEquals(List.of("a", "\\"), Tokenizer.tokenize("a \\"));
    }

    @Test
    void backslashInsideSingleQuotesDoesNotEscapeTheClosingQuote() {
        assertEquals(List.of("a\\", "b"), Tokenizer.tokenize("'a\\' b"));
    }

    @Test
    void escapedQuoteInsideDoubleQuotesDoesNotCloseIt() {
        MagicException e = assertThrows(MagicException.class, () -> Tokenizer.tokenize("x \"a\\\""));
        assertTrue(e.getMessage().contains("double quote") && e.getMessage().contains("column 3"), e.getMessage());
    }

    @Test
    void escapedQuoteOutsideQuotesDoesNotOpenOne() {
        assertEquals(List.of("\"", "'"), Tokenizer.tokenize("\\\" \\'"));
    }

    @Test
    void unclosedQuoteAfterUnicodeCountsColumnsByCharacter() {
        MagicException e = assertThrows(MagicException.class, () -> Tokenizer.tokenize("🚀 'x"));
        assertTrue(e.getMessage().contains("single quote") && e.getMessage().contains("column 3"), e.getMessage());
    }

    @Test
    void unclosedQuoteMessageSaysHowToFixIt() {
        MagicException e = assertThrows(MagicException.class, () -> Tokenizer.tokenize("it's"));
        assertTrue(e.getMessage().contains("column 3") && e.getMessage().contains("escape"), e.getMessage());
    }

    @Test
    void unicodeInsideQuotesAndEscapedUnicodeSpace() {
        assertEquals(List.of("ñ é", "日本\\語", "a b"), Tokenizer.tokenize("'ñ é' \"日本\\語\" a\\ b"));
    }

    @Test
    void unicodeEmSpaceSeparatesWordsLikeOtherWhitespace() {
        assertEquals(List.of("a", "b"), Tokenizer.tokenize("a\u2003b"));
    }

    @Test
    void emptyStringHasNoWords() {
        assertEquals(List.of(), Tokenizer.tokenize(""));
    }
}
