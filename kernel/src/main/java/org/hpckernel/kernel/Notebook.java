package org.hpckernel.kernel;

import org.hpckernel.kernel.io.Cell;
import org.hpckernel.kernel.io.CellRouting;
import org.hpckernel.magic.LiveDisplay;

/**
 * Display functions for Java cells, imported statically into every session:
 * {@code display(table)}, {@code var d = display("0%"); d.update("50%");}, {@code clearOutput()}.
 * They work from background threads too: output goes to the cell that started the thread.
 */
public final class Notebook {

    private Notebook() {}

    /** Shows a value (a Table, a Png, text, JSON...) now, and returns a handle to replace it in place. */
    public static LiveDisplay display(Object value) {
        return KernelMagicContext.show(cell(), value);
    }

    /** Clears this cell's output; with {@code wait}, only when the next output arrives (no flicker). */
    public static void clearOutput(boolean wait) {
        cell().clearOutput(wait);
    }

    public static void clearOutput() {
        clearOutput(false);
    }

    private static Cell cell() {
        Cell cell = CellRouting.current();
        if (cell == null) {
            throw new IllegalStateException("display() needs a running notebook cell");
        }
        return cell;
    }
}
