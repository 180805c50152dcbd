package org.hpckernel.sweep;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.hpckernel.cluster.JobState;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

class StudyTest {

    static final SearchSpace SPACE =
            SearchSpace.of(new Param.Real("x", 0, 1, false, null), new Param.Choice("c", List.of("a", "b"), null));

    @Test
    void askTellFailAndBestFollowTheGoal() {
        Study st = Study.create(SPACE, Sampler.random(1), Goal.MAXIMIZE);
        Trial a = st.ask(), b = st.ask(), c = st.ask();
        assertEquals(TrialState.RUNNING, st.trials().get(0).state());
        st.tell(a, 1.0);
        st.tell(b, 3.0);
        st.fail(c, "exit code 3");
        assertEquals(1, st.best().orElseThrow().number());
        assertEquals(TrialState.FAILED, st.trials().get(2).state());
        assertEquals("exit code 3", st.trials().get(2).reason());
        assertThrows(IllegalStateException.class, () -> st.tell(a, 2.0));
    }

    @Test
    void aNanObjectiveFailsTheTrial() {
        Study st = Study.create(SPACE, Sampler.random(1), Goal.MINIMIZE);
        Trial t = st.ask();
        st.tell(t, Double.NaN);
        assertEquals(TrialState.FAILED, st.trials().get(0).state());
    }

    @Test
    void resultsTableHasOneColumnPerParameterAndIsSortedByTheObjective() {
        Study st = Study.create(SPACE, Sampler.random(2), Goal.MINIMIZE);
        double[] values = {0.5, 0.1, 0.9};
        for (double v : values) st.tell(st.ask(), v);
        st.fail(st.ask(), "boom");
        Table t = st.results();
        assertEquals(List.of("trial", "x", "c", "loss", "state", "reason"), t.columnNames());
        assertEquals(List.of(1, 0, 2, 3), t.intColumn("trial").asList());
        assertEquals("FAILED", t.stringColumn("state").get(3));
        assertTrue(t.doubleColumn("loss").isMissing(3));
    }

    @Test
    void clusterFaultsAreRetriedUpToThreeAttemptsThenRecordedWorst() {
        RetryPolicy r = RetryPolicy.phpo();
        assertEquals(RetryPolicy.Action.RETRY, r.decide(JobState.NODE_FAIL, 1));
        assertEquals(RetryPolicy.Action.RETRY, r.decide(JobState.PREEMPTED, 2));
        assertEquals(RetryPolicy.Action.RECORD_WORST, r.decide(JobState.NODE_FAIL, 3));
        assertEquals(RetryPolicy.Action.FAIL, r.decide(JobState.FAILED, 1));
        assertEquals(RetryPolicy.Action.FAIL, r.decide(JobState.OUT_OF_MEMORY, 1));
        assertEquals(RetryPolicy.Action.COMPLETE, r.decide(JobState.COMPLETED, 1));
        assertEquals(RetryPolicy.Action.WAIT, r.decide(JobState.UNKNOWN, 1));

        Study st = Study.create(SPACE, Sampler.random(3), Goal.MINIMIZE);
        Trial t = st.ask();
        t = st.retry(t);
        t = st.retry(t);
        assertEquals(3, t.attempts());
        st.tellWorst(t, "NODE_FAIL after 3 attempts");
        assertEquals(RetryPolicy.WORST_LOSS, st.trials().get(0).value());
        assertEquals(TrialState.COMPLETE, st.trials().get(0).state());
    }

    @Test
    void steeringAsksBatchesWithinPhpoLimits() {
        Steering s = new Steering(10, 5, 4, 1, 20);
        assertEquals(4, s.pointsToAsk(0, 0, 0));
        assertEquals(0, s.pointsToAsk(0, 2, 4)); // more than minUnevaluatedPoints still pending
        assertEquals(4, s.pointsToAsk(3, 1, 5));
        assertEquals(1, s.pointsToAsk(9, 0, 12)); // max points
        assertEquals(0, s.pointsToAsk(5, 0, 20)); // max evaluation jobs used up
        assertThrows(IllegalArgumentException.class, () -> new Steering(10, 0, 1, 0, 20));
    }

    @Test
    void aDefinitionBuiltByNameEqualsTheOneBuiltByPosition() {
        org.hpckernel.cluster.JobSpec template =
                org.hpckernel.cluster.JobSpec.builder().name("quad").script("-").build();
        SweepDefinition byName = SweepDefinition.builder("quad", "[[\"x\", 0.0, 1.0]]")
                .seed(42)
                .steering(Steering.of(30, 5))
                .command("python3 f.py ${args}")
                .template(template)
                .prune("median")
                .build();
        assertEquals(
                new SweepDefinition(
                        "quad",
                        "[[\"x\", 0.0, 1.0]]",
                        null,
                        null,
                        null,
                        42,
                        Steering.of(30, 5),
                        3,
                        "python3 f.py ${args}",
                        template,
                        "median"),
                byName);
        SweepDefinition defaults = SweepDefinition.builder("quad", "[[\"x\", 0.0, 1.0]]")
                .command("true")
                .build();
        assertEquals(Steering.of(20, 4), defaults.steering());
        assertEquals(3, defaults.maxAttempts());
        assertEquals("quad", defaults.template().name());
        assertEquals(byName.withTemplate(defaults.template()).template(), defaults.template());
    }
}
