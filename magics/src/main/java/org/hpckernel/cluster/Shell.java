package org.hpckernel.cluster;

/** The one quoting function for every value that reaches a remote POSIX shell. */
public final class Shell {

    private Shell() {}

    /**
     * Quotes a value as one word for sh/bash: wrapped in single quotes, each embedded single quote
     * written as {@code '\''}. Nothing inside single quotes is special to the shell, not even
     * {@code $(...)}, backticks, newlines or backslashes.
     */
    public static String quote(String value) {
        if (value.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("a NUL byte cannot be passed to a shell");
        }
        return "'" + value.replace("'", "'\\''") + "'";
    }
}
