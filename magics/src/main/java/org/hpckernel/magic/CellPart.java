package org.hpckernel.magic;

/** One piece of a cell, in order: Java source for JShell, or a magic to run. */
public sealed interface CellPart {

    /** Java source between magic lines (may span several lines). */
    record Code(String source) implements CellPart {
    }

    /** A line magic ({@code %name args}) or the cell's cell magic ({@code %%name args} + body). */
    record MagicLine(MagicCall call) implements CellPart {
    }
}
