package org.hpckernel.magic;

import java.nio.file.Path;

/** What a running magic may use of its surroundings; the kernel implements it, tests fake it. */
public interface MagicContext {

    /** Shows a value now (display_data) and returns a handle to update it in place later. */
    LiveDisplay show(Object value);

    /** Writes text to the cell's stdout stream, even from a background thread after the cell ended. */
    void print(String text);

    /** Asks the user through Jupyter's input request; {@code secret} hides what they type. */
    String ask(String prompt, boolean secret);

    /** The notebook's folder: relative paths, {@code .env} files and staging start here. */
    Path workingDirectory();
}
