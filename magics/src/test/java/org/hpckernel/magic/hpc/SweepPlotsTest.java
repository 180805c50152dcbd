package org.hpckernel.magic.hpc;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.hpckernel.render.Png;
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
        SearchSpace space = SearchSpace.of(
                new Param.Real("x", -1, 1, false, null),
                new Param.Choice("c", List.of("a", "b"), null),
                new Param.Const("k", 1L));
        Study st = Study.create(space, Sampler.tpe(0), Goal.MINIMIZE);
        int trials = 15;
        int outOfRetries = 1; // trial 3 is recorded with phpo's worst loss: plots leave it out
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
        assertEquals(
                List.of(
                        metric + " vs x (1 series, " + plotted + " points)",
                        metric + " vs c (1 series, " + plotted + " points)"),
                perParam.stream().map(Png::altText).toList(),
                "the constant k is not plotted");
        perParam.forEach(SweepPlotsTest::assertPng);
    }

    @Test
    void aConditionalSpacePlotsEachParameterOverTheTrialsWhereItIsActive() {
        Study st = Study.create(
                org.hpckernel.sweep.SpaceParser.hpcOps(
                        "[['clf', ['RF', 'GB']], ['rf_max_depth', 2, 32], ['gb_loss', ['log', 'exp']], ['gb_rate', 0.0, 1.0]]"),
                Sampler.random(0),
                Goal.MAXIMIZE);
        st.add(
                java.util.Map.of("clf", "RF", "rf_max_depth", 3L),
                org.hpckernel.sweep.TrialState.COMPLETE,
                0.7,
                null,
                1);
        st.add(
                java.util.Map.of("clf", "RF", "rf_max_depth", 9L),
                org.hpckernel.sweep.TrialState.COMPLETE,
                0.8,
                null,
                1);
        List<Png> perParam = SweepPlots.parameterVsObjective(st);
        assertEquals(
                List.of("clf", "rf_max_depth"),
                perParam.stream()
                        .map(p -> p.altText().replaceAll(".* vs (\\S+) .*", "$1"))
                        .toList(),
                "gb_* were active in no completed trial: no plot (not an empty one that throws, nor points at index -1)");
        perParam.forEach(SweepPlotsTest::assertPng);
        assertTrue(
                perParam.get(1).altText().endsWith("(1 series, 2 points)"),
                perParam.get(1).altText());
        st.add(
                java.util.Map.of("clf", "GB", "gb_loss", "exp", "gb_rate", 0.5),
                org.hpckernel.sweep.TrialState.COMPLETE,
                0.6,
                null,
                1);
        List<Png> after = SweepPlots.parameterVsObjective(st);
        assertEquals(4, after.size());
        assertTrue(
                after.get(2).altText().endsWith("(1 series, 1 points)"),
                "only the GB trial, not the RF ones at index -1: "
                        + after.get(2).altText());
    }

    private static void assertPng(Png p) {
        byte[] b = p.bytes();
        assertTrue(b.length > 1000 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G', p.altText());
    }
}
