package org.hpckernel.cluster;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.Consumer;

/**
 * Hands a running command's output to a consumer as it comes: whatever bytes are there now, cut at
 * the last whole UTF-8 character (the rest waits for its missing bytes). Never blocks in {@link #pump}:
 * the caller's loop stays free to see an interrupt.
 */
public final class TextPump {

    private final InputStream in;
    private final Consumer<String> to;
    private final ByteArrayOutputStream held = new ByteArrayOutputStream();
    private final byte[] buffer = new byte[16384];

    public TextPump(InputStream in, Consumer<String> to) {
        this.in = in;
        this.to = to;
    }

    /** Passes on what can be read without waiting; true when there was something. */
    public boolean pump() throws IOException {
        boolean any = false;
        while (in.available() > 0) {
            int n = in.read(buffer, 0, Math.min(buffer.length, in.available()));
            if (n <= 0) {
                break;
            }
            held.write(buffer, 0, n);
            any = true;
        }
        if (any) {
            byte[] bytes = held.toByteArray();
            Scheduler.LogChunk whole = Scheduler.LogChunk.decode(bytes, 0);
            held.reset();
            held.write(bytes, (int) whole.nextOffset(), bytes.length - (int) whole.nextOffset());
            if (!whole.text().isEmpty()) {
                to.accept(whole.text());
            }
        }
        return any;
    }

    /** At the end: what is left, even a cut character (as a replacement character). */
    public void finish() throws IOException {
        pump();
        if (held.size() > 0) {
            to.accept(held.toString(java.nio.charset.StandardCharsets.UTF_8));
            held.reset();
        }
    }
}
