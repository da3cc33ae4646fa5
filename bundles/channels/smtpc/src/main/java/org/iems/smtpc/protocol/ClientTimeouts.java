package org.iems.smtpc.protocol;

import java.time.Duration;

/**
 * How long the client waits for each reply (RFC 5321 section 4.5.3.2: greeting 5 minutes, MAIL
 * and RCPT 5 minutes, DATA 2 minutes, each data block 3 minutes, the final dot 10 minutes).
 *
 * @param greeting the 220 greeting
 * @param command EHLO, HELO, STARTTLS, AUTH, MAIL, RCPT, RSET, QUIT
 * @param dataStart the 354 to DATA
 * @param dataBlock sending each block of the message
 * @param dataEnd the reply to the final dot
 */
public record ClientTimeouts(Duration greeting, Duration command, Duration dataStart, Duration dataBlock,
        Duration dataEnd) {

    /** RFC 5321's values. */
    public static final ClientTimeouts RFC_5321 = new ClientTimeouts(Duration.ofMinutes(5), Duration.ofMinutes(5),
            Duration.ofMinutes(2), Duration.ofMinutes(3), Duration.ofMinutes(10));
}
