package org.hpckernel.kernel;

/** Javadoc's HTML and inline tags as plain text, for Shift-Tab's tooltip (which shows text/plain). */
final class Javadoc {

    private Javadoc() {}

    static String toText(String javadoc) {
        String s = javadoc.replaceAll("\\{@(?:code|literal) ([^}]*)}", "$1")
                .replaceAll("\\{@(?:link|linkplain) ([^}\\s]+)(?: ([^}]*))?}", "$1")
                .replaceAll("\\{@\\w+[^}]*}", "")
                .replaceAll("(?i)<p>|<br\\s*/?>", "\n")
                .replaceAll("(?i)</?(pre|ul|ol|li|table|tr|td|th|blockquote|h\\d)[^>]*>", "\n")
                .replaceAll("<[^>]+>", "")
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", "\"")
                .replace("&nbsp;", " ")
                .replace("&amp;", "&");
        return s.replaceAll("[ \\t]+", " ")
                .replaceAll(" ?\\n ?", "\n")
                .replaceAll("\\n{3,}", "\n\n")
                .strip();
    }
}
