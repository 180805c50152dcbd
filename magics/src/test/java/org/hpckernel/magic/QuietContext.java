package org.hpckernel.magic;

import java.nio.file.Path;

/** A MagicContext for unit tests: shows and prints nothing, answers every question with "". */
final class QuietContext implements MagicContext {

    static final MagicContext INSTANCE = new QuietContext();

    @Override
    public LiveDisplay show(Object value) {
        return v -> {};
    }

    @Override
    public void print(String text) {}

    @Override
    public String ask(String prompt, boolean secret) {
        return "";
    }

    @Override
    public Path workingDirectory() {
        return Path.of(".");
    }
}
