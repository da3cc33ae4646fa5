package org.iems.net.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import org.apache.mina.core.buffer.IoBuffer;
import org.junit.jupiter.api.Test;

class RenegotiationGuardTest {

    private static byte[] record(int type, int length) {
        byte[] r = new byte[5 + length];
        r[0] = (byte) type;
        r[1] = 3;
        r[2] = 3;
        r[3] = (byte) (length >> 8);
        r[4] = (byte) length;
        return r;
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /** Feeds the bytes in pieces of the given size; tells whether any piece was a renegotiation. */
    private static boolean feed(RenegotiationGuard guard, byte[] bytes, int piece, boolean secured) {
        boolean seen = false;
        for (int at = 0; at < bytes.length; at += piece) {
            int n = Math.min(piece, bytes.length - at);
            seen |= guard.renegotiates(IoBuffer.wrap(bytes, at, n), secured);
        }
        return seen;
    }

    @Test
    void aHandshakeRecordAfterTheSessionIsSecuredIsARenegotiationWhereverTheChunksSplit() {
        byte[] traffic = concat(record(23, 300), record(23, 17000), record(21, 2), record(22, 512));
        for (int piece : new int[] {1, 2, 5, 7, 300, 4096, traffic.length}) {
            RenegotiationGuard guard = new RenegotiationGuard();
            assertThat(feed(guard, traffic, piece, true)).as("pieces of %d", piece).isTrue();
        }
    }

    @Test
    void applicationDataAndAlertsAfterTheHandshakeAreFine() {
        byte[] traffic = concat(record(23, 300), record(23, 16384), record(21, 2));
        for (int piece : new int[] {1, 3, 5, 1000, traffic.length}) {
            assertThat(feed(new RenegotiationGuard(), traffic, piece, true)).isFalse();
        }
    }

    @Test
    void theHandshakeItselfIsNotARenegotiation() {
        RenegotiationGuard guard = new RenegotiationGuard();
        assertThat(feed(guard, concat(record(22, 512), record(20, 1), record(22, 40)), 7, false)).isFalse();
        assertThat(feed(guard, record(23, 100), 7, true)).isFalse();
        assertThat(feed(guard, record(22, 100), 7, true)).isTrue();
    }
}
