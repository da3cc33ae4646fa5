package org.iems.loopfilter.internal;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.function.IntSupplier;
import org.iems.api.filter.FilterRequest;
import org.iems.api.filter.FilterVerdict;
import org.iems.api.filter.MessageFilter;

/**
 * Bounces mail that has passed too many hops: more than {@code max.received.headers} Received
 * header fields means it is going round in a loop (RFC 5321 section 6.3). Reads the header only.
 */
public final class MailLoopFilter implements MessageFilter {

    /** The filter's name, as {@code required.filters} lists it. */
    public static final String NAME = "mail-loop";
    /** Header text read at most, so a header without end cannot exhaust memory. */
    private static final int MAX_HEADER_LINES = 10_000;

    private final IntSupplier maxReceived;

    /**
     * @param maxReceived the most Received header fields a message may have
     */
    public MailLoopFilter(IntSupplier maxReceived) {
        this.maxReceived = maxReceived;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public FilterVerdict filter(FilterRequest request) throws Exception {
        int received = 0;
        try (InputStream in = request.openMessage();
                BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.ISO_8859_1))) {
            String line;
            int lines = 0;
            while ((line = reader.readLine()) != null && !line.isEmpty() && lines++ < MAX_HEADER_LINES) {
                if (line.regionMatches(true, 0, "Received:", 0, 9)) {
                    received++;
                }
            }
        }
        if (received > maxReceived.getAsInt()) {
            return new FilterVerdict.Reject("5.4.6", "mail loop: " + received + " Received header fields, more than "
                    + maxReceived.getAsInt() + " hops");
        }
        return new FilterVerdict.Accept();
    }
}
