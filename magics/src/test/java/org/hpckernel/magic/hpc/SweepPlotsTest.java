package org.hpckernel.magic.hpc;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.hpckernel.magic.Png;
import org.hpckernel.sweep.Goal;
import org.hpckernel.sweep.Param;
import org.hpckernel.sweep.Sampler;
import org.hpckernel.sweep.SearchSpace;
import org.hpckernel.sweep.Study;
import org.hpckernel.sweep.Trial;
import org.junit.jupiter.api.Test;

class SweepPlotsTest {

    @Test
    void resultsPlotsArePngsOneForTheTrialsAndOnePerVaryingParameter() {
        SearchSpace space = SearchSpace.of(new Param.Real("x", -1, 1, false, null),
                new Param.Choice("c", List.of("a", "b"), null), new Param.Const("k", 1L));
        Study st = Study.create(space, Sampler.tpe(0), Goal.MINIMIZE);
        int trials = 15;
        int outOfRetries = 1;   // trial 3 is recorded with phpo's worst loss: plots leave it out
        for (int i = 0; i < trials; i++) {
            Trial t = st.ask();
            if (i == 3) {
                st.tellWorst(t, "NODE_FAIL after 3 attempts");
            } else {
                st.tell(t, t.getDouble("x") * t.getDouble("x"));
            }
        }
        int plotted = trials - outOfRetries;
        String metric = space.metricName();
        Png byTrial = SweepPlots.objectiveByTrial(st);
        assertPng(byTrial);
        // two series over the plotted trials: the objective and the best so far
        assertEquals(metric + " by trial (2 series, " + 2 * plotted + " points)", byTrial.altText());
        List<Png> perParam = SweepPlots.parameterVsObjective(st);
        assertEquals(List.of(metric + " vs x (1 series, " + plotted + " points)",
                        metric + " vs c (1 series, " + plotted + " points)"),
                perParam.stream().map(Png::altText).toList(), "the constant k is not plotted");
        perParam.forEach(SweepPlotsTest::assertPng);
    }

    private static void assertPng(Png p) {
        byte[] b = p.bytes();
        assertTrue(b.length > 1000 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G', p.altText());
    }
}
