package org.hpckernel.kernel;

import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import java.nio.file.Path;
import java.util.UUID;
import org.hpckernel.kernel.display.DisplayMapper;
import org.hpckernel.kernel.io.Cell;
import org.hpckernel.magic.LiveDisplay;
import org.hpckernel.magic.MagicContext;

/** What a magic running in a cell may use: that cell's output, input and folder. */
final class KernelMagicContext implements MagicContext {

    private final Cell cell;
    private final Path workingDirectory;

    KernelMagicContext(Cell cell, Path workingDirectory) {
        this.cell = cell;
        this.workingDirectory = workingDirectory;
    }

    static LiveDisplay show(Cell cell, Object value) {
        String id = UUID.randomUUID().toString();
        DisplayData first = DisplayMapper.toDisplay(value).orElseGet(() -> new DisplayData(""));
        first.setDisplayId(id);
        cell.display(first);
        return next -> {
            DisplayData data = DisplayMapper.toDisplay(next).orElseGet(() -> new DisplayData(""));
            data.setDisplayId(id);
            cell.updateDisplay(data);
        };
    }

    @Override
    public LiveDisplay show(Object value) {
        return show(cell, value);
    }

    @Override
    public void print(String text) {
        cell.write(false, text);
    }

    @Override
    public String ask(String prompt, boolean secret) {
        return cell.readLine(prompt, secret);
    }

    @Override
    public Path workingDirectory() {
        return workingDirectory;
    }
}
