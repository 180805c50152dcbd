package org.hpckernel.magic;

/** One piece of a cell, run in order: Java source, or a magic call. */
public sealed interface CellPart {

    /** Java source starting at {@code firstLine} (1-based) of the cell, for error traces. */
    record Code(String source, int firstLine) implements CellPart {
    }

    /** A {@code %line} magic, or the {@code %%cell} magic that takes the whole cell. */
    record MagicLine(MagicCall call, int line) implements CellPart {
    }
}
