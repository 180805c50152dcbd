package org.hpckernel.cluster;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/** Wraps a real transport and counts the remote commands, to check "one call per poll". */
final class CountingTransport implements Transport {

    final Transport inner;
    final AtomicInteger execs = new AtomicInteger();

    CountingTransport(Transport inner) {
        this.inner = inner;
    }

    @Override
    public ExecResult exec(String command, Duration timeout) throws IOException {
        execs.incrementAndGet();
        return inner.exec(command, timeout);
    }

    @Override
    public ExecResult execIdempotent(String command, Duration timeout) throws IOException {
        execs.incrementAndGet();
        return inner.execIdempotent(command, timeout);
    }

    @Override
    public void write(String path, byte[] content, int mode) throws IOException {
        inner.write(path, content, mode);
    }

    @Override
    public byte[] read(String path, long offset, int maxBytes) throws IOException {
        return inner.read(path, offset, maxBytes);
    }

    @Override
    public long size(String path) throws IOException {
        return inner.size(path);
    }

    @Override
    public String home() throws IOException {
        return inner.home();
    }

    @Override
    public String describe() {
        return inner.describe();
    }

    @Override
    public void close() {
        inner.close();
    }
}
