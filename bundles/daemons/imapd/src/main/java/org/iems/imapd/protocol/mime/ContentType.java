package org.iems.imapd.protocol.mime;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A Content-Type or Content-Disposition value (RFC 2045 section 5.1, RFC 2183): a value and its
 * parameters in order, with quoted strings unquoted and comments dropped.
 *
 * @param value the type ({@code text/plain}) or disposition ({@code attachment}), lower case
 * @param written the value as the message wrote it
 * @param parameters the parameters as (name, value) pairs, as written
 */
public record ContentType(String value, String written, List<String[]> parameters) {

    /**
     * Parses a field value.
     *
     * @param field the raw value
     * @return the parsed value
     */
    public static ContentType parse(String field) {
        List<String> parts = split(stripComments(field));
        String written = parts.isEmpty() ? "" : parts.get(0).strip();
        List<String[]> parameters = new ArrayList<>();
        for (String p : parts.subList(Math.min(1, parts.size()), parts.size())) {
            int eq = p.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String name = p.substring(0, eq).strip();
            String v = p.substring(eq + 1).strip();
            if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
                v = v.substring(1, v.length() - 1).replaceAll("\\\\(.)", "$1");
            }
            parameters.add(new String[] {name, v});
        }
        return new ContentType(written.toLowerCase(Locale.ROOT), written, parameters);
    }

    /** Splits at semicolons outside quoted strings. */
    private static List<String> split(String s) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' && (i == 0 || s.charAt(i - 1) != '\\')) {
                quoted = !quoted;
            }
            if (c == ';' && !quoted) {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        out.add(cur.toString());
        return out;
    }

    private static String stripComments(String s) {
        StringBuilder out = new StringBuilder();
        int depth = 0;
        boolean quoted = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                if (depth == 0) {
                    out.append(c).append(s.charAt(i + 1));
                }
                i++;
            } else if (c == '"' && depth == 0) {
                quoted = !quoted;
                out.append(c);
            } else if (c == '(' && !quoted) {
                depth++;
            } else if (c == ')' && !quoted && depth > 0) {
                depth--;
            } else if (depth == 0) {
                out.append(c);
            }
        }
        return out.toString();
    }

    /**
     * The media type, before the slash.
     *
     * @return for example {@code text}
     */
    public String type() {
        int slash = value.indexOf('/');
        return slash < 0 ? value : value.substring(0, slash).strip();
    }

    /**
     * The subtype, after the slash.
     *
     * @return for example {@code plain}, or empty
     */
    public String subtype() {
        int slash = value.indexOf('/');
        return slash < 0 ? "" : value.substring(slash + 1).strip();
    }

    /**
     * A parameter's value.
     *
     * @param name the name, any case
     * @return the value, or empty
     */
    public Optional<String> parameter(String name) {
        return parameters.stream().filter(p -> p[0].equalsIgnoreCase(name)).map(p -> p[1]).findFirst();
    }
}
