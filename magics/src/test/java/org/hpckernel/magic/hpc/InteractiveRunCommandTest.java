package org.hpckernel.magic.hpc;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** What {@code %%hpc run} says about a non-zero exit code. */
class InteractiveRunCommandTest {

    @Test
    void aFailedRunNamesItsCodeAndWhatToDo() {
        String m = InteractiveRunCommand.failure(3, "slurm");
        assertTrue(
                m.contains("exited with code 3.") && m.contains("run the cell again") && m.contains("srun itself"), m);
        assertFalse(m.contains("signal"), m);
    }

    @Test
    void aCodeAbove128IsASignalAndTheLocalTimeoutIsNamed() {
        assertTrue(InteractiveRunCommand.failure(137, "sge").contains("killed by signal 9")
                && InteractiveRunCommand.failure(137, "sge").contains("qrsh"));
        assertTrue(InteractiveRunCommand.failure(124, "local").contains("--time ran out"));
        assertFalse(InteractiveRunCommand.failure(124, "slurm").contains("--time ran out"));
    }
}
