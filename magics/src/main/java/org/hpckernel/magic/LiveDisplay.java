package org.hpckernel.magic;

/** A value shown in a cell that can be replaced in place (update_display_data), from any thread. */
public interface LiveDisplay {

    void update(Object value);
}
