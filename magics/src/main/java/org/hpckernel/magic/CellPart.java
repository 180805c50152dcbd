package org.hpckernel.magic;

/** One piece of a cell, run in order: Java source, or a magic call. */
public sealed interface CellPart {

    /** Java source starting at {@code firstLine} (1-based) of the cell, for error traces. */
    record Code(String source, int firstLine) implements CellPart {

        /** Source that starts on the cell's first line. */
        public Code(String source) {
            this(source, 1);
        }
    }

    /** A {@code %line} magic, or the {@code %%cell} magic that takes the whole cell, on {@code line} (1-based). */
    record MagicLine(MagicCall call, int line) implements CellPart {

        /** A magic on the cell's first line. */
        public MagicLine(MagicCall call) {
            this(call, 1);
        }
    }
}
