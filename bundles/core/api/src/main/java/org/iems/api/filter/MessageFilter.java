package org.iems.api.filter;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A preprocessor filter. Filters are OSGi services; the preprocessor runs them on every new
 * queue entry in descending {@code service.ranking} order, each within its time budget. The
 * chain fails closed: a filter that throws or runs out of time, or one listed as required that
 * is not registered, leaves the message held, never delivered unfiltered.
 */
@ConsumerType
public interface MessageFilter {

    /**
     * Returns the filter's name, as {@code required.filters} and the log use it.
     *
     * @return the name, e.g. {@code antivirus}
     */
    String name();

    /**
     * Examines one message.
     *
     * @param request the message
     * @return the verdict; never {@code null}
     * @throws Exception on any failure, which holds the message
     */
    FilterVerdict filter(FilterRequest request) throws Exception;
}
