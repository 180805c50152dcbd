package org.hpckernel.tracking;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/** Test-side writer of the .wandb format (LevelDB-style log of protobuf records), record by record. */
public final class WandbLogWriter {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    public WandbLogWriter() {
        out.writeBytes(new byte[] {':', 'W', '&', 'B', (byte) 0xE1, (byte) 0xBE, 0});
    }

    /** Appends one record, split into FIRST/MIDDLE/LAST chunks across 32 KiB blocks when needed. */
    public WandbLogWriter record(byte[] payload) {
        int off = 0;
        boolean first = true;
        do {
            int left = WandbOfflineRun.BLOCK - out.size() % WandbOfflineRun.BLOCK;
            if (left < 7) {
                out.writeBytes(new byte[left]);
                left = WandbOfflineRun.BLOCK;
            }
            int n = Math.min(payload.length - off, left - 7);
            boolean last = off + n == payload.length;
            int type = first && last ? 1 : first ? 2 : last ? 4 : 3;
            CRC32 c = new CRC32();
            c.update(type);
            c.update(payload, off, n);
            long crc = c.getValue();
            out.writeBytes(new byte[] {
                (byte) crc,
                (byte) (crc >> 8),
                (byte) (crc >> 16),
                (byte) (crc >> 24),
                (byte) n,
                (byte) (n >> 8),
                (byte) type
            });
            out.write(payload, off, n);
            off += n;
            first = false;
        } while (off < payload.length);
        return this;
    }

    public byte[] bytes() {
        return out.toByteArray();
    }

    // --- protobuf wire format ---

    public static final class Msg {
        private final ByteArrayOutputStream b = new ByteArrayOutputStream();

        public Msg varint(int field, long v) {
            tag(field, 0);
            raw(v);
            return this;
        }

        public Msg string(int field, String s) {
            return bytes(field, s.getBytes(StandardCharsets.UTF_8));
        }

        public Msg msg(int field, Msg m) {
            return bytes(field, m.bytes());
        }

        public Msg bytes(int field, byte[] v) {
            tag(field, 2);
            raw(v.length);
            b.writeBytes(v);
            return this;
        }

        public Msg fixed64(int field, long v) {
            tag(field, 1);
            for (int i = 0; i < 8; i++) {
                b.write((int) (v >>> (8 * i)));
            }
            return this;
        }

        private void tag(int field, int wire) {
            raw((long) field << 3 | wire);
        }

        private void raw(long v) {
            while ((v & ~0x7fL) != 0) {
                b.write((int) (v & 0x7f) | 0x80);
                v >>>= 7;
            }
            b.write((int) v);
        }

        public byte[] bytes() {
            return b.toByteArray();
        }
    }

    public static Msg item(String key, String json) {
        return new Msg().string(1, key).string(16, json);
    }
}
