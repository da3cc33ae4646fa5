package org.iems.api.store;

/** An append that would take an account over its quota (a temporary failure for delivery). */
public class QuotaExceededException extends Exception {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message which quota and by how much, in one line
     */
    public QuotaExceededException(String message) {
        super(message);
    }
}
