package org.hpckernel.cluster;

/**
 * Bounds what {@code --follow} prints, chunk by chunk: a line longer than the limit is cut (the
 * cut spans chunks, so a 20 MB line arriving in 4 MB reads prints once, short), and once the
 * budget is spent nothing more is printed but one notice naming the log on the cluster.
 * Not thread-safe: one follower owns one cutter.
 */
public final class LogCutter {

    private final int maxLineChars;
    private final long maxChars;
    private final String where;
    private long emitted;
    private long lineLength;
    private long lineCut;
    private boolean spent;

    public LogCutter(LogTail.Limits limits, String where) {
        this.maxLineChars = limits.maxLineBytes();
        this.maxChars = limits.maxBytes();
        this.where = where;
    }

    /** Charges text already shown (the tail printed before following) to the budget. */
    public LogCutter alreadyShown(String text) {
        emitted += text.length();
        int nl = text.lastIndexOf('\n');
        lineLength = nl < 0 ? lineLength + text.length() : text.length() - nl - 1;
        return this;
    }

    /** The part of {@code chunk} to print: long lines cut, nothing once the budget is spent (then one notice). */
    public String accept(String chunk) {
        if (spent) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < chunk.length(); i++) {
            char c = chunk.charAt(i);
            if (c == '\n') {
                if (lineCut > 0) {
                    out.append(" […").append(lineCut).append(" characters of this line cut…]");
                }
                out.append('\n');
                lineLength = 0;
                lineCut = 0;
            } else if (lineLength < maxLineChars) {
                out.append(c);
                lineLength++;
            } else {
                lineCut++;
            }
            if (emitted + out.length() >= maxChars) {
                spent = true;
                out.append("\n[hpc-kernel: stopped printing after ")
                        .append(LogTail.human(maxChars))
                        .append(" to keep the cell small; the job's" + " log goes on in ")
                        .append(where)
                        .append(" on the cluster. %hpc logs ID --tail N shows its latest lines.]\n");
                break;
            }
        }
        emitted += out.length();
        return out.toString();
    }

    /** True once the budget is spent: the follower can stop reading. */
    public boolean spent() {
        return spent;
    }
}
