package org.hpckernel.magic.hpc;

import java.util.function.Function;
import java.util.function.LongSupplier;
import org.hpckernel.cluster.files.TransferListener;
import org.hpckernel.magic.LiveDisplay;

/**
 * The live line of a put or get: nothing for a call that ends within a second, then one line
 * replaced in place at most every 250 ms and once at the end:
 * {@code get big.bin (1/3) [######--------------] 31% 1.1 of 3.5 GiB, 112 MiB/s, 22 s left}.
 */
final class ProgressBar implements TransferListener {

    private static final long SHOW_AFTER = 1_000_000_000L, EVERY = 250_000_000L;
    private static final int WIDTH = 20;
    private final String verb;
    private final Function<Object, LiveDisplay> show;
    private final LongSupplier nanos;
    private final long start;
    private LiveDisplay display;
    private long lastUpdate;
    private Progress last;

    ProgressBar(String verb, Function<Object, LiveDisplay> show, LongSupplier nanos) {
        this.verb = verb;
        this.show = show;
        this.nanos = nanos;
        this.start = nanos.getAsLong();
    }

    @Override
    public synchronized void progress(Progress p) {
        last = p;
        long now = nanos.getAsLong();
        if (now - start < SHOW_AFTER || (display != null && now - lastUpdate < EVERY)) {
            return;
        }
        draw(now);
    }

    /** The final figures, when the line was shown at all. */
    synchronized void finish() {
        if (display != null && last != null) {
            draw(nanos.getAsLong());
        }
    }

    private void draw(long now) {
        String text = line(verb, last, (now - start) / 1e9);
        if (display == null) {
            display = show.apply(text);
        } else {
            display.update(text);
        }
        lastUpdate = now;
    }

    static String line(String verb, Progress p, double seconds) {
        double fraction = p.total() <= 0 ? 1 : Math.min(1, p.done() / (double) p.total());
        int filled = (int) Math.round(fraction * WIDTH);
        double rate = seconds > 0 ? p.moved() / seconds : 0;
        String eta = p.done() >= p.total()
                ? "done"
                : rate <= 0 ? "? left" : duration((p.total() - p.done()) / rate) + " left";
        String which = p.files() > 1 ? " (" + Math.min(p.filesDone() + 1, p.files()) + "/" + p.files() + ")" : "";
        return String.format(
                "%s %s%s [%s%s] %d%% %s of %s, %s/s, %s",
                verb,
                p.file(),
                which,
                "#".repeat(filled),
                "-".repeat(WIDTH - filled),
                Math.round(fraction * 100),
                size(p.done()),
                size(p.total()),
                size((long) rate),
                eta);
    }

    static String size(long b) {
        if (b >= 1L << 30) return String.format("%.1f GiB", b / (double) (1L << 30));
        if (b >= 1L << 20) return String.format("%.1f MiB", b / (double) (1L << 20));
        if (b >= 1L << 10) return String.format("%.1f KiB", b / 1024.0);
        return b + " B";
    }

    static String duration(double s) {
        long t = Math.round(s);
        return t < 90
                ? t + " s"
                : t < 5400 ? t / 60 + " min " + t % 60 + " s" : t / 3600 + " h " + t % 3600 / 60 + " min";
    }
}
