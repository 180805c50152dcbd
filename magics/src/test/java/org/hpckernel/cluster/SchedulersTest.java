package org.hpckernel.cluster;

import org.hpckernel.magic.MagicException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SchedulersTest {

    @Test
    void aProfileNamesItsSchedulerByNameOrCommonAlias() {
        RecordedTransport t = new RecordedTransport();
        assertEquals("slurm", Schedulers.create("slurm", t, "/w").name());
        assertEquals("sge", Schedulers.create("GridEngine", t, "/w").name());
        assertEquals("pbs", Schedulers.create("openpbs", t, "/w").name());
        assertEquals("pjm", Schedulers.create("fujitsu", t, "/w").name());
        assertEquals("local", Schedulers.create("local", t, "/w").name());
    }

    @Test
    void anUnknownSchedulerNamesTheOnesThatExist() {
        MagicException e = assertThrows(MagicException.class, () -> Schedulers.create("lsf", new RecordedTransport(), "/w"));
        assertTrue(e.getMessage().contains("slurm, sge, pbs, pjm, local"), e.getMessage());
    }

    @Test
    void theProbeAsksEachSchedulerItsOwnQuestions() {
        assertTrue(SchedulerProbe.query("sge").contains("qconf -sql"));
        assertTrue(SchedulerProbe.query("pbs").contains("job_history_enable"));
        assertTrue(SchedulerProbe.query("pjm").contains("pjstat -H"));
        assertTrue(SchedulerProbe.query("slurm").contains("sacct"));
    }
}
