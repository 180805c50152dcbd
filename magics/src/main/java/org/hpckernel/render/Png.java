package org.hpckernel.render;

/** PNG image bytes with a text alternative, so the display layer can tell a chart from other bytes. */
@SuppressWarnings("ArrayRecordComponent") // the bytes are copied in and out, so the record stays immutable
public record Png(byte[] bytes, String altText) {

    public Png {
        bytes = bytes.clone();
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }
}
