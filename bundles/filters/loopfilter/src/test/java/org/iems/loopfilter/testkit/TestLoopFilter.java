package org.iems.loopfilter.testkit;

import org.iems.api.filter.MessageFilter;
import org.iems.loopfilter.internal.MailLoopFilter;

/**
 * The real mail-loop filter, for other bundles' tests (published in this module's test jar).
 * Those tests meet it through the api only.
 */
public final class TestLoopFilter {

    private TestLoopFilter() {
    }

    /**
     * The filter with a fixed limit.
     *
     * @param maxReceived the most Received header fields a message may have
     * @return the filter
     */
    public static MessageFilter allowing(int maxReceived) {
        return new MailLoopFilter(() -> maxReceived);
    }
}
