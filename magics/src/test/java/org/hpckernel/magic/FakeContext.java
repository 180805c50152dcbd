package org.hpckernel.magic;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A MagicContext that records what a magic printed and showed. */
final class FakeContext implements MagicContext {
    final List<String> printed = new ArrayList<>();
    final List<Object> shown = new ArrayList<>();

    @Override
    public LiveDisplay show(Object value) {
        shown.add(value);
        return shown::add;
    }

    @Override
    public void print(String text) {
        printed.add(text);
    }

    @Override
    public String ask(String prompt, boolean secret) {
        return "answer";
    }

    @Override
    public Path workingDirectory() {
        return Path.of("/tmp");
    }
}
