package org.hpckernel.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SweepProgressTest {

    @Test
    void throttledTrialsAreQueuedNotRunning() {
        Study st = Study.create(StudyTest.SPACE, Sampler.random(1), Goal.MINIMIZE);
        for (int i = 0; i < 6; i++) {
            st.ask();
        }
        st.tell(st.trial(0), 0.5);
        SweepProgress p = SweepProgress.of(1, "quad", "RUNNING", st, 6, 2, "");
        assertEquals(2, p.running());
        assertEquals(3, p.queued());
        assertEquals(
                "sweep 1 (quad) RUNNING: 1/6 done, 2 running, 3 queued, 0 failed; best "
                        + st.space().metricName() + " 0.500000 (trial 0)",
                p.line());
    }

    @Test
    void anEndedSweepSaysNothingIsQueued() {
        Study st = Study.create(StudyTest.SPACE, Sampler.random(1), Goal.MINIMIZE);
        st.tell(st.ask(), 1.0);
        assertEquals(0, SweepProgress.of(2, "q", "DONE", st, 1, 0, "").queued());
        assertEquals(
                false, SweepProgress.of(2, "q", "DONE", st, 1, 0, "").line().contains("queued"));
    }
}
