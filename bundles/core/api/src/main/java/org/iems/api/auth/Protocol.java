package org.iems.api.auth;

/** The services users log in to; each has its own default login domain. */
public enum Protocol {
    /** IMAP4 mail access. */
    IMAP,
    /** POP3 mail access. */
    POP3,
    /** SMTP submission (AUTH). */
    SMTP,
    /** Web mail. */
    WEBMAIL
}
