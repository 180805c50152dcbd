package org.hpckernel.cluster.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class RemotePathTest {

    private static final String HOME = "/home/me";
    private static final String JOB = "/home/me/hpc-kernel/jobs/20261129-x-ab12";

    private static String at(String text) {
        return RemotePath.parse(text).resolve(HOME, JOB);
    }

    @Test
    void jobPathsAreInTheJobsFolderForEveryIdForm() {
        assertEquals(Optional.of("123"), RemotePath.parse("123:out.txt").job());
        assertEquals(JOB + "/out.txt", at("123:out.txt"));
        assertEquals(JOB + "/logs/a.log", at("last:logs/a.log"));
        assertEquals(
                Optional.of("123_4"), RemotePath.parse("123_4:metrics.jsonl").job());
        assertEquals(
                Optional.of("123.pbs01"), RemotePath.parse("123.pbs01:o.txt").job());
        assertEquals(
                Optional.of("123[4].pbs01"),
                RemotePath.parse("123[4].pbs01:o.txt").job());
        assertEquals(JOB + "/x", at("123:./x"));
    }

    @Test
    void aJobAloneIsTheFoldersContents() {
        assertEquals(JOB + "/", at("123:"));
        assertEquals(JOB + "/", at("last:"));
        assertTrue(RemotePath.parse("123:").meansFolder());
    }

    @Test
    void otherPathsStartAtTheHome() {
        assertEquals(HOME + "/data/x.csv", at("data/x.csv"));
        assertEquals(HOME + "/data/", at("data/"));
        assertEquals(HOME, at("."));
        assertEquals(HOME, at("~"));
        assertEquals(HOME + "/scratch/a", at("~/scratch/a"));
        assertEquals("/scratch/me/a", at("/scratch/me/a"));
        // a colon after something that is no job id is part of the name
        assertEquals(Optional.empty(), RemotePath.parse("data:v1/x").job());
        assertEquals(HOME + "/data:v1/x", at("data:v1/x"));
        assertEquals(HOME + "/run-12:00.log", at("run-12:00.log"));
    }

    @Test
    void anAbsolutePathAfterAJobIsRefusedWithWhatToWrite() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> RemotePath.parse("123:/etc/passwd"));
        assertTrue(e.getMessage().contains("inside the job's folder, like 123:out.txt"), e.getMessage());
    }
}
