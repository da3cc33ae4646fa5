package org.iems.imapd.internal.session;

/** A command that parsed but cannot be carried out: the reply is {@code NO}, with a response code. */
final class CommandFailed extends Exception {

    private static final long serialVersionUID = 1L;

    private final String code;

    /**
     * @param code the response code without brackets ({@code TRYCREATE}), or null
     * @param message the text for the client
     */
    CommandFailed(String code, String message) {
        super(message);
        this.code = code;
    }

    /** The reply text after {@code NO}. */
    String replyText() {
        return code == null ? getMessage() : "[" + code + "] " + getMessage();
    }
}
