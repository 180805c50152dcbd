package org.hpckernel.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** --after values: only ids some scheduler prints get through. */
class DependencyTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "123",
                "123_4",
                "1612.server",
                "1612.pbs01.example.org",
                "12[].server",
                "12[7].server",
                "12[3]",
                "77.3"
            })
    void idsOfEverySchedulerAreAccepted(String id) {
        JobSpec.Dependency d = JobSpec.Dependency.parse(id);
        assertEquals(JobSpec.Dependency.Kind.AFTER_OK, d.kind());
        assertEquals(id, d.job().value());
        assertEquals(id, JobSpec.Dependency.parse("afterany:" + id).job().value());
    }

    @Test
    void kindIsReadCaseInsensitively() {
        assertEquals(
                JobSpec.Dependency.Kind.AFTER_ANY,
                JobSpec.Dependency.parse("AfterAny:5").kind());
        assertEquals(
                JobSpec.Dependency.Kind.AFTER_OK,
                JobSpec.Dependency.parse("afterok:5").kind());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "abc",
                "12;rm -rf ~",
                "$(id)",
                "12 13",
                "-1",
                "12_",
                "12_x",
                "afterok:",
                "afterok:abc",
                "12[",
                "last",
                "123,456",
                "afterok:12:13",
                ".server",
                "12."
            })
    void anythingElseIsRefusedWithWhatAnIdLooksLike(String bad) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> JobSpec.Dependency.parse(bad));
        assertTrue(e.getMessage().contains("is not a job id"), e.getMessage());
    }

    @Test
    void unknownKindIsRefused() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> JobSpec.Dependency.parse("afternotok:12"));
        assertTrue(e.getMessage().contains("afterok:ID"), e.getMessage());
    }
}
