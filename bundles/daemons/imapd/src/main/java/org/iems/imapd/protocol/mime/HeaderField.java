package org.iems.imapd.protocol.mime;

/**
 * One header field: its name as written and its value unfolded (CRLF before white space removed),
 * still in its raw form (encoded words are not decoded).
 *
 * @param name the field name
 * @param value the unfolded value, leading white space removed
 */
public record HeaderField(String name, String value) {
}
