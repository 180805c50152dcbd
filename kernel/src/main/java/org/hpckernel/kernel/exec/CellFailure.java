package org.hpckernel.kernel.exec;

import java.util.List;

/** A cell that did not run to the end: a compile error, an exception, or an interrupt. */
public final class CellFailure extends Exception {

    private final String name;
    private final String value;
    private final List<String> traceback;

    public CellFailure(String name, String value, List<String> traceback) {
        super(name + ": " + value, null, false, false);
        this.name = name;
        this.value = value;
        this.traceback = List.copyOf(traceback);
    }

    public String name() {
        return name;
    }

    public String value() {
        return value;
    }

    public List<String> traceback() {
        return traceback;
    }
}
