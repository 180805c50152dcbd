package org.hpckernel.magic;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a magic's argument line into words the way a POSIX shell would, without running anything:
 * single quotes keep everything literally, double quotes allow {@code \" \\ \$ \`} escapes, an empty
 * quoted string is an empty word, and a backslash outside quotes escapes only whitespace, quotes,
 * backslashes, {@code $} and {@code `}; before any other character it is kept, so Windows-style paths
 * like {@code C:\dir\f} survive unchanged.
 */
public final class Tokenizer {

    private Tokenizer() {}

    public static List<String> tokenize(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        int i = 0;
        int n = line.length();
        while (i < n) {
            char c = line.charAt(i);
            if (c == '\'') {
                int close = line.indexOf('\'', i + 1);
                if (close < 0) {
                    throw unclosed('\'', i, line);
                }
                word.append(line, i + 1, close);
                inWord = true;
                i = close + 1;
            } else if (c == '"') {
                i = readDoubleQuoted(line, i, word);
                inWord = true;
            } else if (c == '\\' && i + 1 < n && isEscapableOutsideQuotes(line.charAt(i + 1))) {
                word.append(line.charAt(i + 1));
                inWord = true;
                i += 2;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
                i++;
            } else {
                word.append(c);
                inWord = true;
                i++;
            }
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }

    private static int readDoubleQuoted(String line, int open, StringBuilder word) {
        int i = open + 1;
        while (i < line.length()) {
            char c = line.charAt(i);
            if (c == '"') {
                return i + 1;
            }
            if (c == '\\' && i + 1 < line.length() && "\"\\$`".indexOf(line.charAt(i + 1)) >= 0) {
                word.append(line.charAt(i + 1));
                i += 2;
            } else {
                word.append(c);
                i++;
            }
        }
        throw unclosed('"', open, line);
    }

    private static boolean isEscapableOutsideQuotes(char next) {
        return Character.isWhitespace(next) || "'\"\\$`".indexOf(next) >= 0;
    }

    private static MagicException unclosed(char quote, int position, String line) {
        return new MagicException("Unclosed " + (quote == '"' ? "double" : "single") + " quote " + quote + " at column "
                + (line.codePointCount(0, position) + 1) + " in: " + line
                + "\nClose it, or escape it with a backslash.");
    }
}
