package org.hpckernel.cluster.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The image folder: images under the work root unless the profile names one; kept in profiles.yaml. */
class ProfileImagesTest {

    @Test
    void theImageFolderFollowsTheWorkRootUnlessSet() {
        assertEquals("~/hpc-kernel/images", Profile.local().imagesFolder());
        assertEquals(
                "/scratch/me/hk/images",
                new Profile("s", "h", null, null, null, null, null, "slurm", "/scratch/me/hk/", null, null, List.of())
                        .imagesFolder());
        assertEquals(
                "/project/p1/images",
                new Profile(
                                "s",
                                "h",
                                null,
                                null,
                                null,
                                null,
                                null,
                                "slurm",
                                null,
                                null,
                                null,
                                List.of(),
                                Map.of(),
                                "/project/p1/images",
                                null)
                        .imagesFolder());
    }

    @Test
    void theImageFolderIsSavedOnlyWhenSet(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("profiles.yaml");
        ProfileStore store = new ProfileStore(file);
        store.save(new Profile("plain", "h", null, null, null, null, null, "slurm", null, null, null, List.of()));
        assertFalse(Files.readString(file).contains("images"), Files.readString(file));
        store.save(new Profile(
                "shared",
                "h",
                null,
                null,
                null,
                null,
                null,
                "slurm",
                null,
                null,
                null,
                List.of(),
                Map.of(),
                "/project/p1/images",
                null));
        assertTrue(Files.readString(file).contains("images: \"/project/p1/images\""), Files.readString(file));
        assertEquals(
                "/project/p1/images", new ProfileStore(file).require("shared").imagesFolder());
    }
}
