package org.iems.imapd.protocol.search;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Set;
import org.iems.imapd.protocol.mime.Headers;

/** A message as SORT and THREAD read it, made of a header block. */
record TestMessage(long sequence, String header, Instant internalDate, long size) implements SearchCandidate {

    TestMessage(long sequence, String header) {
        this(sequence, header, Instant.parse("2024-01-01T00:00:00Z"), 100);
    }

    @Override
    public long uid() {
        return sequence * 10;
    }

    @Override
    public Set<String> flags() {
        return Set.of();
    }

    @Override
    public boolean recent() {
        return false;
    }

    @Override
    public long modSeq() {
        return 1;
    }

    @Override
    public Instant savedAt() {
        return internalDate;
    }

    @Override
    public String emailId() {
        return "E" + sequence;
    }

    @Override
    public Headers headers() {
        byte[] bytes = header.getBytes(StandardCharsets.UTF_8);
        return Headers.parse(bytes, 0, bytes.length);
    }

    @Override
    public String body() {
        return "";
    }
}
