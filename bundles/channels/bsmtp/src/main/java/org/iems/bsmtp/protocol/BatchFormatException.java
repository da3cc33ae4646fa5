package org.iems.bsmtp.protocol;

/** A batch that is not a valid {@code application/batch-SMTP} content. */
public final class BatchFormatException extends Exception {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what is wrong, for the notification to the batch's sender
     */
    public BatchFormatException(String message) {
        super(message);
    }
}
