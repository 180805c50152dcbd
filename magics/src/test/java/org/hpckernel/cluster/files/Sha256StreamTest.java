package org.hpckernel.cluster.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Sha256StreamTest {

    private static String hash(Sha256Stream s, byte[] data) throws Exception {
        try (s) {
            for (int off = 0; off < data.length; off += 65536) {
                s.update(data, off, Math.min(65536, data.length - off));
            }
            return s.hex();
        }
    }

    @Test
    void aLargeFileIsHashedByThisMachinesToolAndAgreesWithJava() throws Exception {
        byte[] data = new byte[(int) Sha256Stream.NATIVE_FROM_BYTES + 12345];
        new Random(7).nextBytes(data);
        Sha256Stream large = Sha256Stream.forBytes(data.length);
        // Debian has openssl and coreutils: the large file goes to a process
        assertInstanceOf(Sha256Stream.Native.class, large);
        String expected = HexFormat.of()
                .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(data));
        assertEquals(expected, hash(large, data));
        assertEquals(expected, hash(new Sha256Stream.Java(), data));
    }

    @Test
    void aSmallFileIsHashedInJava() throws Exception {
        Sha256Stream small = Sha256Stream.forBytes(3);
        assertInstanceOf(Sha256Stream.Java.class, small);
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", hash(small, "abc".getBytes()));
    }
}
