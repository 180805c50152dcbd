package org.hpckernel.magic.wandb;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.hpckernel.magic.LiveDisplay;
import org.hpckernel.magic.MagicContext;
import org.junit.jupiter.api.Test;

/** The transfer line: nothing for a transfer under a second, then one line replaced in place, not on every chunk. */
class ProgressLineTest {

    @Test
    void showsAfterASecondThenUpdatesInPlaceAtMostEveryQuarterSecond() {
        List<Object> shown = new ArrayList<>(), updates = new ArrayList<>();
        MagicContext context = new MagicContext() {
            public LiveDisplay show(Object value) {
                shown.add(value);
                return updates::add;
            }

            public void print(String text) {}

            public String ask(String prompt, boolean secret) {
                return null;
            }

            public Path workingDirectory() {
                return Path.of(".");
            }
        };
        AtomicLong clock = new AtomicLong(0);
        ProgressLine line = new ProgressLine(context, clock::get);
        long total = 5L << 29;
        line.bytes("uploading", "weights.bin", 1 << 20, total);
        clock.set(900_000_000L);
        line.bytes("uploading", "weights.bin", 2 << 20, total);
        assertTrue(shown.isEmpty(), "a transfer under a second shows nothing");
        clock.set(1_000_000_000L);
        line.bytes("uploading", "weights.bin", total / 2, total);
        assertEquals(List.of("uploading weights.bin: 50% (1.3 GiB of 2.5 GiB)"), shown);
        clock.set(1_100_000_000L);
        line.bytes("uploading", "weights.bin", total / 2 + 1, total);
        assertTrue(updates.isEmpty(), "no update within 250 ms");
        clock.set(1_300_000_000L);
        line.bytes("uploading", "weights.bin", total, total);
        assertEquals(List.of("uploading weights.bin: 100% (2.5 GiB of 2.5 GiB)"), updates);
    }
}
