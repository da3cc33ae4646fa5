package org.iems.api.queue;

/** The queue could not do what was asked; for enqueue, the message is not accepted (reply 451). */
public class QueueException extends Exception {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what failed, in one line
     * @param cause the underlying failure, or {@code null}
     */
    public QueueException(String message, Throwable cause) {
        super(message, cause);
    }
}
