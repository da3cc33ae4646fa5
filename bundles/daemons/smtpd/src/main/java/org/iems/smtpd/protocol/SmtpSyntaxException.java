package org.iems.smtpd.protocol;

/** A command line the parser refuses, with the reply to send. */
public final class SmtpSyntaxException extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient SmtpReply reply;

    public SmtpSyntaxException(SmtpReply reply) {
        super(reply.lines().get(0));
        this.reply = reply;
    }

    public SmtpReply reply() {
        return reply;
    }
}
