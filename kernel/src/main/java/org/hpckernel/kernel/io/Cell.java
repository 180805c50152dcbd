package org.hpckernel.kernel.io;

import com.google.gson.JsonObject;
import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import io.github.spencerpark.jupyter.messages.MessageContext;
import io.github.spencerpark.jupyter.messages.publish.PublishClearOutput;
import io.github.spencerpark.jupyter.messages.publish.PublishDisplayData;
import io.github.spencerpark.jupyter.messages.publish.PublishUpdateDisplayData;
import org.hpckernel.kernel.wire.Wire;

/**
 * The output side of one execute request. It outlives the request: a background thread the cell
 * started keeps writing here, and its output still reaches this cell, because every message carries
 * the request as its parent. Stream text is batched (see {@link StreamBatcher}) so a print loop
 * cannot flood the client.
 */
public final class Cell {

    private final Wire wire;
    private final MessageContext parent;
    private final boolean stdinAllowed;
    private final StringBuilder stdout = new StringBuilder();
    private final StringBuilder stderr = new StringBuilder();
    private final StreamBatcher batcher;

    public Cell(Wire wire, MessageContext parent, boolean stdinAllowed, StreamBatcher batcher) {
        this.wire = wire;
        this.parent = parent;
        this.stdinAllowed = stdinAllowed;
        this.batcher = batcher;
    }

    public MessageContext parent() {
        return parent;
    }

    public void write(boolean error, String text) {
        if (text.isEmpty()) {
            return;
        }
        boolean large;
        synchronized (this) {
            StringBuilder buffer = error ? stderr : stdout;
            buffer.append(text);
            large = buffer.length() >= StreamBatcher.MAX_BUFFERED_CHARS;
        }
        if (large) {
            flush();
        } else {
            batcher.markDirty(this);
        }
    }

    /** Publishes what is buffered, stdout before stderr. */
    public void flush() {
        String out;
        String err;
        synchronized (this) {
            out = stdout.toString();
            err = stderr.toString();
            stdout.setLength(0);
            stderr.setLength(0);
        }
        publishStream("stdout", out);
        publishStream("stderr", err);
    }

    private void publishStream(String name, String text) {
        if (text.isEmpty()) {
            return;
        }
        JsonObject content = new JsonObject();
        content.addProperty("name", name);
        content.addProperty("text", text);
        wire.publish(parent, "stream", content);
    }

    public void display(DisplayData data) {
        flush();
        wire.publish(parent, "display_data", new PublishDisplayData(data));
    }

    public void updateDisplay(DisplayData data) {
        flush();
        wire.publish(parent, "update_display_data", new PublishUpdateDisplayData(data));
    }

    public void clearOutput(boolean wait) {
        flush();
        wire.publish(parent, "clear_output", wait ? PublishClearOutput.BEFORE_NEXT_OUTPUT : PublishClearOutput.NOW);
    }

    public String readLine(String prompt, boolean secret) {
        if (!stdinAllowed) {
            throw new IllegalStateException("this front end does not allow input (allow_stdin is false)");
        }
        flush();
        return wire.input(parent, prompt, secret);
    }
}
