package org.iems.api.directory;

/**
 * A directory operation that could not be carried out. The message is one line fit for an
 * operator; {@link #reason()} tells programs what kind of problem it is.
 */
public class DirectoryException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** What kind of problem stopped the operation. */
    public enum Reason {
        /** The input is not valid (a malformed address, an empty password …). */
        INVALID,
        /** The entry already exists. */
        DUPLICATE,
        /** The entry does not exist. */
        NOT_FOUND,
        /** The address's domain is not hosted here. */
        UNKNOWN_DOMAIN,
        /** The change would make an alias loop. */
        LOOP,
        /** The change conflicts with other entries (a domain that still has accounts …). */
        CONFLICT,
        /** The storage failed; the operation may be retried. */
        STORAGE
    }

    private final Reason reason;

    /**
     * Creates the exception.
     *
     * @param reason the kind of problem
     * @param message the problem in one line
     */
    public DirectoryException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    /**
     * Creates the exception for a storage failure.
     *
     * @param message the problem in one line
     * @param cause the underlying failure
     */
    public DirectoryException(String message, Throwable cause) {
        super(message, cause);
        this.reason = Reason.STORAGE;
    }

    /**
     * Returns the kind of problem.
     *
     * @return the reason
     */
    public Reason reason() {
        return reason;
    }
}
