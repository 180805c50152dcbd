package org.hpckernel.magic.wandb;

import java.util.function.LongSupplier;
import org.hpckernel.magic.LiveDisplay;
import org.hpckernel.magic.MagicContext;
import org.hpckernel.tracking.TransferProgress;

/**
 * A progress line in the cell for an artifact transfer: nothing for transfers that end within a second,
 * then one line replaced in place at most every 250 ms ("uploading weights.bin: 45% (1.1 of 2.5 GiB)").
 */
final class ProgressLine implements TransferProgress {

    private static final long SHOW_AFTER = 1_000_000_000L, EVERY = 250_000_000L;
    private final MagicContext context;
    private final LongSupplier nanos;
    private final long start;
    private LiveDisplay display;
    private long lastUpdate;

    ProgressLine(MagicContext context, LongSupplier nanos) {
        this.context = context;
        this.nanos = nanos;
        this.start = nanos.getAsLong();
    }

    static TransferProgress of(MagicContext context) {
        return context == null ? TransferProgress.NONE : new ProgressLine(context, System::nanoTime);
    }

    @Override
    public synchronized void bytes(String action, String file, long done, long total) {
        long now = nanos.getAsLong();
        if (now - start < SHOW_AFTER) return;
        String text = line(action, file, done, total);
        if (display == null) {
            display = context.show(text);
        } else if (now - lastUpdate >= EVERY || done >= total) {
            display.update(text);
        } else {
            return;
        }
        lastUpdate = now;
    }

    static String line(String action, String file, long done, long total) {
        long pct = total <= 0 ? 100 : done * 100 / total;
        return String.format("%s %s: %d%% (%s of %s)", action, file, pct, size(done), size(total));
    }

    private static String size(long b) {
        if (b >= 1L << 30) return String.format("%.1f GiB", b / (double) (1L << 30));
        if (b >= 1L << 20) return String.format("%.1f MiB", b / (double) (1L << 20));
        return String.format("%.1f KiB", b / 1024.0);
    }
}
