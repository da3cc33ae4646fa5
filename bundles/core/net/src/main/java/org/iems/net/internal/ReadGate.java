package org.iems.net.internal;

import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.filterchain.IoFilterAdapter;
import org.apache.mina.core.filterchain.IoFilterChain;
import org.apache.mina.core.session.AttributeKey;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.core.write.DefaultWriteRequest;
import org.apache.mina.core.write.WriteRequest;

/**
 * Resumes reading on the session's own I/O thread. MINA changes a socket's interest set with a
 * read-modify-write that is not atomic, so a {@code resumeRead()} from a worker thread can be
 * undone by the I/O thread flushing a reply at the same moment, leaving the connection deaf for
 * good. Instead, the worker writes an empty marker straight to the I/O processor, behind its own
 * replies; when the I/O thread has "sent" it, it resumes reading itself. The gate sits first in
 * the chain, below TLS, so the marker is never encrypted.
 */
final class ReadGate extends IoFilterAdapter {

    static final String NAME = "read-gate";
    private static final AttributeKey NEXT = new AttributeKey(ReadGate.class, "next");

    /** The marker: an empty write that only this filter knows. */
    private static final class ResumeRequest extends DefaultWriteRequest {
        ResumeRequest() {
            super(IoBuffer.allocate(0));
        }
    }

    @Override
    public void onPostAdd(IoFilterChain parent, String name, NextFilter nextFilter) {
        parent.getSession().setAttribute(NEXT, nextFilter);
    }

    /** Asks the session's I/O thread to resume reading, after what was written so far. */
    static void resumeReading(IoSession session) {
        NextFilter next = (NextFilter) session.getAttribute(NEXT);
        if (next != null && !session.isClosing()) {
            next.filterWrite(session, new ResumeRequest());
        }
    }

    @Override
    public void messageSent(NextFilter nextFilter, IoSession session, WriteRequest writeRequest) {
        if (writeRequest instanceof ResumeRequest) {
            session.resumeRead();
            return;
        }
        nextFilter.messageSent(session, writeRequest);
    }
}
