package org.hpckernel.magic;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a magic's argument line into words, shell-like: single quotes keep everything literally,
 * double quotes allow {@code \" \\ \$ \`}, a backslash outside quotes escapes the next character
 * only when that character is special (space, quote, backslash, {@code $}, backtick), so Windows
 * paths like {@code C:\dir\f} survive. {@code ""} and {@code ''} give an empty word. Nothing is
 * expanded: {@code $(...)} and backticks stay text.
 */
public final class Tokenizer {

    private Tokenizer() {
    }

    public static List<String> tokenize(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false; // true once a word has started, even if it is still empty ("")
        int i = 0;
        int n = line.length();
        while (i < n) {
            char c = line.charAt(i);
            if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
                i++;
            } else if (c == '\'') {
                int close = line.indexOf('\'', i + 1);
                if (close < 0) {
                    throw unclosed("single quote (')", line, i);
                }
                word.append(line, i + 1, close);
                inWord = true;
                i = close + 1;
            } else if (c == '"') {
                i = readDoubleQuoted(line, i, word);
                inWord = true;
            } else if (c == '\\') {
                if (i + 1 < n && escapableOutsideQuotes(line.charAt(i + 1))) {
                    word.append(line.charAt(i + 1));
                    i += 2;
                } else {
                    word.append(c); // lone backslash before an ordinary char, or at the end: literal
                    i++;
                }
                inWord = true;
            } else {
                word.append(c);
                inWord = true;
                i++;
            }
        }
        if (inWord) {
            words.add(word.toString());
        }
        return List.copyOf(words);
    }

    /** Reads {@code "..."} starting at {@code open}; returns the index after the closing quote. */
    private static int readDoubleQuoted(String line, int open, StringBuilder word) {
        int i = open + 1;
        while (i < line.length()) {
            char c = line.charAt(i);
            if (c == '"') {
                return i + 1;
            }
            if (c == '\\' && i + 1 < line.length() && escapableInDoubleQuotes(line.charAt(i + 1))) {
                word.append(line.charAt(i + 1));
                i += 2;
            } else {
                word.append(c);
                i++;
            }
        }
        throw unclosed("double quote (\")", line, open);
    }

    private static boolean escapableOutsideQuotes(char c) {
        return Character.isWhitespace(c) || c == '\'' || c == '"' || c == '\\' || c == '$' || c == '`';
    }

    private static boolean escapableInDoubleQuotes(char c) {
        return c == '"' || c == '\\' || c == '$' || c == '`';
    }

    private static MagicException unclosed(String quote, String line, int at) {
        String excerpt = line.substring(at, Math.min(line.length(), at + 20)).replace("\n", "\\n");
        return new MagicException("Unclosed " + quote + " at column " + (at + 1) + " (near: " + excerpt
                + "). Close it, or escape it with a backslash to pass it literally.");
    }
}
