package org.hpckernel.magic.hpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.hpckernel.cluster.files.TransferListener;
import org.junit.jupiter.api.Test;

class ProgressBarTest {

    private static final long S = 1_000_000_000L;

    @Test
    void theLineShowsBarBytesRateAndTimeLeft() {
        var p = new TransferListener.Progress("big.bin", 512L << 20, 2048L << 20, 512L << 20, 0, 3);
        assertEquals(
                "get big.bin (1/3) [#####---------------] 25% 512.0 MiB of 2.0 GiB, 128.0 MiB/s, 12 s left",
                ProgressBar.line("get", p, 4.0));
        var resumed = new TransferListener.Progress("big.bin", 1024L << 20, 2048L << 20, 0, 0, 1);
        assertTrue(
                ProgressBar.line("put", resumed, 0.5).endsWith("50% 1.0 GiB of 2.0 GiB, 0 B/s, ? left"),
                ProgressBar.line("put", resumed, 0.5));
        assertEquals("1 min 40 s", ProgressBar.duration(100));
    }

    @Test
    void nothingShowsWithinASecondThenOneLineIsUpdatedAtMostFourTimesASecond() {
        long[] now = {0};
        List<String> shown = new ArrayList<>();
        List<String> updates = new ArrayList<>();
        ProgressBar bar = new ProgressBar(
                "put",
                v -> {
                    shown.add((String) v);
                    return u -> updates.add((String) u);
                },
                () -> now[0]);
        bar.progress(new TransferListener.Progress("f", 10, 100, 10, 0, 1));
        now[0] = S / 2;
        bar.progress(new TransferListener.Progress("f", 20, 100, 20, 0, 1));
        assertTrue(shown.isEmpty(), "a copy done within a second shows nothing");
        now[0] = S + 1;
        bar.progress(new TransferListener.Progress("f", 30, 100, 30, 0, 1));
        now[0] += S / 10;
        bar.progress(new TransferListener.Progress("f", 40, 100, 40, 0, 1));
        now[0] += S / 4;
        bar.progress(new TransferListener.Progress("f", 100, 100, 100, 1, 1));
        bar.finish();
        assertEquals(1, shown.size());
        assertEquals(2, updates.size(), updates.toString());
        assertTrue(updates.get(1).contains("100%") && updates.get(1).endsWith("done"), updates.get(1));
    }
}
