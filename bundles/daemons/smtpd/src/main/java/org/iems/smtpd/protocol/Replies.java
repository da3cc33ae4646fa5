package org.iems.smtpd.protocol;

/**
 * The replies the protocol layer itself gives, with RFC 5321 codes and RFC 3463 enhanced
 * status codes. Session-level replies (relay refused, unknown user …) are built where the
 * policy is decided.
 */
public final class Replies {

    /** 250 2.0.0 OK. */
    public static final SmtpReply OK = SmtpReply.of(250, "2.0.0", "OK");
    /** 500 5.5.2: the command is not recognised. */
    public static final SmtpReply UNKNOWN_COMMAND = SmtpReply.of(500, "5.5.2", "Error: command not recognized");
    /** 500 5.5.6: the command line is longer than allowed (RFC 5321 section 4.5.3.1.4). */
    public static final SmtpReply LINE_TOO_LONG = SmtpReply.of(500, "5.5.6", "Error: line too long");
    /**
     * 500 5.5.2: a command line ended in a bare LF. Only CRLF ends a command (RFC 5321 section
     * 2.3.8); taking a bare LF as one is what makes SMTP smuggling between servers possible.
     */
    public static final SmtpReply BARE_LF_IN_COMMAND =
            SmtpReply.of(500, "5.5.2", "Error: bare LF received (commands end with CRLF, RFC 5321 section 2.3.8)");
    /** 501 5.5.4: syntax error in the arguments. */
    public static final SmtpReply SYNTAX = SmtpReply.of(501, "5.5.4", "Syntax error in parameters or arguments");
    /** 501 5.1.3: a path that is not a valid mailbox. */
    public static final SmtpReply BAD_ADDRESS = SmtpReply.of(501, "5.1.3", "Bad address syntax");
    /** 503 5.5.1: the command is valid but not now. */
    public static final SmtpReply BAD_SEQUENCE = SmtpReply.of(503, "5.5.1", "Error: bad sequence of commands");
    /** 504 5.5.4: a parameter the server does not implement. */
    public static final SmtpReply PARAMETER_NOT_IMPLEMENTED =
            SmtpReply.of(555, "5.5.4", "MAIL FROM/RCPT TO parameters not recognized or not implemented");
    /** 554 5.6.0: bare CR or LF in DATA, refused so that SMTP smuggling is impossible (RFC 5321 section 2.3.8). */
    public static final SmtpReply BARE_LINE_ENDING =
            SmtpReply.of(554, "5.6.0", "Message refused: bare CR or LF (lines must end with CRLF, RFC 5321 section 2.3.8)");
    /** 552 5.3.4: the message is larger than the server takes. */
    public static final SmtpReply TOO_BIG = SmtpReply.of(552, "5.3.4", "Message size exceeds fixed maximum message size");
    /** 500 5.5.6: a line of the message text is longer than the server takes. */
    public static final SmtpReply DATA_LINE_TOO_LONG = SmtpReply.of(554, "5.6.0", "Message refused: a line is longer than allowed");
    /** 354: go ahead with the message text. */
    public static final SmtpReply START_MAIL_INPUT = new SmtpReply(354, null, java.util.List.of("End data with <CR><LF>.<CR><LF>"));

    private Replies() {
    }
}
