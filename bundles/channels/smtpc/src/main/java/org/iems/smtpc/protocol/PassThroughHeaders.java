package org.iems.smtpc.protocol;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.iems.api.mail.PassThroughHeader;

/**
 * The first stage: the message's own header section, with IEMS's pass-through headers
 * ({@code X-IEMS-*}) removed for a destination that is not a peer, or replaced by the queue entry's
 * current tags for a peer. The body passes untouched.
 */
final class PassThroughHeaders implements LineSink {

    private final LineSink next;
    private final Map<String, String> tags;
    private final HeaderFields header = new HeaderFields();
    private boolean inHeader = true;

    /**
     * @param next the next stage
     * @param tags the tags to write at the top of the header (a peer), or none
     */
    PassThroughHeaders(LineSink next, Map<String, String> tags) {
        this.next = next;
        this.tags = tags;
    }

    @Override
    public void line(byte[] line, int length) throws IOException {
        if (!inHeader) {
            next.line(line, length);
        } else if (length == 0) {
            finishHeader();
            next.line(line, 0);
        } else {
            header.add(line, length);
        }
    }

    @Override
    public void end() throws IOException {
        if (inHeader) {
            finishHeader();
        }
        next.end();
    }

    private void finishHeader() throws IOException {
        inHeader = false;
        for (Map.Entry<String, String> tag : tags.entrySet()) {
            String value = tag.getValue().replaceAll("[\\r\\n]+", " ");
            byte[] field = (tag.getKey() + ": " + value).getBytes(StandardCharsets.UTF_8);
            next.line(field, field.length);
        }
        header.fields().removeIf(f -> PassThroughHeader.is(f.name()));
        header.flushTo(next);
    }
}
