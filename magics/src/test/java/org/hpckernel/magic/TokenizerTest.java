package org.hpckernel.magic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class TokenizerTest {

    private static void assertWords(String line, String... words) {
        assertEquals(List.of(words), Tokenizer.tokenize(line), () -> "tokenizing [" + line + "]");
    }

    @Test
    void splitsOnRunsOfWhitespaceIncludingTabs() {
        assertWords("  submit \t --nodes   2  ", "submit", "--nodes", "2");
        assertWords("");
        assertWords("   \t ");
    }

    @Test
    void doubleAndSingleQuotesGroupWords() {
        assertWords("--name \"my job\" 'two  spaces'", "--name", "my job", "two  spaces");
    }

    @Test
    void emptyQuotedStringsGiveEmptyWordsAndDoNotBreakLaterQuoting() {
        // basekernel 2.3.0 turned this into [my job, " x"]
        assertWords("\"my job\" \"\" x", "my job", "", "x");
        assertWords("'' a ''", "", "a", "");
        assertWords("--env=\"\"", "--env=");
    }

    @Test
    void windowsPathsKeepTheirBackslashes() {
        // basekernel 2.3.0 turned this into C:dir\\f
        assertWords("C:\\dir\\f", "C:\\dir\\f");
        assertWords("\\\\server\\share\\x.txt", "\\server\\share\\x.txt");
        assertWords("'C:\\dir\\f'", "C:\\dir\\f");
    }

    @Test
    void backslashOutsideQuotesEscapesSpacesQuotesAndDollar() {
        assertWords("a\\ b", "a b");
        assertWords("\\\"quoted\\\"", "\"quoted\"");
        assertWords("it\\'s", "it's");
        assertWords("\\$HOME", "$HOME");
        assertWords("trailing\\", "trailing\\");
    }

    @Test
    void backslashInsideDoubleQuotesEscapesOnlyQuoteBackslashDollarAndBacktick() {
        assertWords("\"say \\\"hi\\\"\"", "say \"hi\"");
        assertWords("\"a\\\\b\"", "a\\b");
        assertWords("\"\\$x \\`y\\`\"", "$x `y`");
        assertWords("\"C:\\dir\\n\"", "C:\\dir\\n");
    }

    @Test
    void singleQuotesKeepEverythingLiterallyIncludingBackslashes() {
        assertWords("'a\\'", "a\\");
        assertWords("'\"double\" inside'", "\"double\" inside");
    }

    @Test
    void shellExpansionsAreKeptAsPlainText() {
        assertWords("$(rm -rf /)", "$(rm", "-rf", "/)");
        assertWords("\"$(rm -rf /)\"", "$(rm -rf /)");
        assertWords("`id`", "`id`");
        assertWords("'`id`; $(whoami)'", "`id`; $(whoami)");
        assertWords("a;b|c&&d>e", "a;b|c&&d>e");
    }

    @Test
    void adjacentQuotedAndBarePiecesJoinIntoOneWord() {
        assertWords("--name=\"a b\"'c d'e", "--name=a bc de");
        assertWords("pre\"\"post", "prepost");
    }

    @Test
    void newlinesInsideQuotesAreKeptAndOutsideSplitWords() {
        assertWords("\"line1\nline2\" next", "line1\nline2", "next");
        assertWords("'a\nb'", "a\nb");
        assertWords("a\nb", "a", "b");
    }

    @Test
    void unicodeWordsSurviveUnchanged() {
        assertWords("--name 実験-α \"ünï cødé 🚀\"", "--name", "実験-α", "ünï cødé 🚀");
    }

    @Test
    void longOptionsWithEqualsStayOneWord() {
        assertWords("--k=v --env=A=B --gpus=a100:2", "--k=v", "--env=A=B", "--gpus=a100:2");
    }

    @Test
    void unclosedDoubleQuoteSaysWhichQuoteAndWhere() {
        MagicException e = assertThrows(MagicException.class, () -> Tokenizer.tokenize("submit --name \"my job"));
        assertTrue(e.getMessage().contains("double quote"), e.getMessage());
        assertTrue(e.getMessage().contains("column 15"), e.getMessage());
    }

    @Test
    void unclosedSingleQuoteSaysWhichQuoteAndWhere() {
        MagicException e = assertThrows(MagicException.class, () -> Tokenizer.tokenize("a 'b"));
        assertTrue(e.getMessage().contains("single quote"), e.getMessage());
        assertTrue(e.getMessage().contains("column 3"), e.getMessage());
    }

    @Test
    void escapedQuoteDoesNotCloseADoubleQuotedWord() {
        assertThrows(MagicException.class, () -> Tokenizer.tokenize("\"abc\\\""));
    }
}
