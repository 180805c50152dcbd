package org.hpckernel.magic.hpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.hpckernel.HpcException;
import org.hpckernel.sweep.prune.HyperbandPruner;
import org.hpckernel.sweep.prune.MedianPruner;
import org.junit.jupiter.api.Test;

/** --prune on %%hpc sweep: kept in the definition, overriding the config; a bad one refused before anything is submitted. */
class SweepPruneOptionTest {

    static final String PHPO = "[[\"x\", 0.0, 1.0]]";
    static final String WANDB = "method: random\nmetric: {name: loss}\nparameters: {x: {min: 0.0, max: 1.0}}\n"
            + "early_terminate: {type: hyperband, min_iter: 3}\n";

    static SweepCommand command(String prune) {
        SweepCommand c = new SweepCommand();
        c.command = "true";
        c.prune = prune;
        return c;
    }

    @Test
    void theOptionIsKeptAndOverridesTheConfig() {
        assertEquals(
                new MedianPruner(5, 10, 1, 1),
                command("median:startup=5,warmup=10").definition(PHPO).pruner().orElseThrow());
        assertTrue(command(null).definition(WANDB).pruner().orElseThrow() instanceof HyperbandPruner);
        assertTrue(command("median").definition(WANDB).pruner().orElseThrow() instanceof MedianPruner);
        assertTrue(command("none").definition(WANDB).pruner().isEmpty());
        assertTrue(command(null).definition(PHPO).pruner().isEmpty());
    }

    @Test
    void aBadPrunerIsRefusedWithWhatToWrite() {
        String m = assertThrows(HpcException.class, () -> command("medain").definition(PHPO))
                .getMessage();
        assertTrue(
                m.startsWith("Sweep config: --prune medain: unknown pruner") && m.contains("--prune median[:startup=5"),
                m);
        String e = assertThrows(
                        HpcException.class,
                        () -> command(null).definition(WANDB.replace("min_iter: 3", "max_iter: 27")))
                .getMessage();
        assertTrue(
                e.contains("early_terminate") && e.contains("max_iter and s"),
                e); // SpaceParser checks W&B's schema first
    }
}
