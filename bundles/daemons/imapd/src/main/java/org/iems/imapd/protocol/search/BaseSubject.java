package org.iems.imapd.protocol.search;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.iems.imapd.protocol.mime.EncodedWords;

/**
 * The base subject of RFC 5256 section 2.1, which SORT SUBJECT orders by and THREAD groups by:
 * the subject without reply and forward markers ({@code Re:}, {@code Fwd:}, {@code [fwd: ...]},
 * {@code (fwd)}) and leading list tags ({@code [list]}), in i;ascii-casemap form (ASCII letters
 * upper-cased, RFC 4790 section 9.2), so that equal base subjects are equal strings.
 *
 * @param text the base subject
 * @param replyOrForward whether a reply or forward marker was removed (RFC 5256 section 2.1's
 *        last paragraph), which the REFERENCES algorithm's subject merge asks
 */
public record BaseSubject(String text, boolean replyOrForward) {

    private static final Pattern TRAILER = Pattern.compile("(?i)(?:\\(fwd\\)| )+$");
    private static final String BLOB = "\\[[^\\[\\]]*\\] *";
    private static final Pattern LEADER = Pattern.compile("(?i)^(?:(?:" + BLOB + ")*(?:re|fwd?) *(?:" + BLOB + ")?:| )");
    private static final Pattern LEADING_BLOB = Pattern.compile("^" + BLOB);
    private static final Pattern FORWARD_WRAPPER = Pattern.compile("(?i)^\\[fwd:(.*)]$");

    /**
     * Extracts the base subject of a Subject header.
     *
     * @param subject the header's raw value (encoded words are decoded here), or null
     * @return the base subject
     */
    public static BaseSubject of(String subject) {
        // step 1: decoded, white space runs made one space
        String s = subject == null ? "" : EncodedWords.decode(subject).replaceAll("[\\t\\r\\n ]+", " ");
        boolean marked = false;
        while (true) {
            // step 2: trailing "(fwd)" and spaces
            Matcher trailer = TRAILER.matcher(s);
            if (trailer.find()) {
                marked |= trailer.group().toLowerCase(Locale.ROOT).contains("(fwd)");
                s = s.substring(0, trailer.start());
            }
            // steps 3 to 5: leaders, and leading blobs that leave something, until none is left
            boolean removed;
            do {
                removed = false;
                Matcher leader = LEADER.matcher(s);
                if (leader.find()) {
                    marked |= !leader.group().equals(" ");
                    s = s.substring(leader.end());
                    removed = true;
                    continue;
                }
                Matcher blob = LEADING_BLOB.matcher(s);
                if (blob.find() && blob.end() < s.length()) {
                    s = s.substring(blob.end());
                    removed = true;
                }
            } while (removed);
            // step 6: a "[fwd: ...]" wrapper, then again from step 2
            Matcher wrapper = FORWARD_WRAPPER.matcher(s);
            if (!wrapper.matches()) {
                return new BaseSubject(caseMapped(s), marked);
            }
            marked = true;
            s = wrapper.group(1);
        }
    }

    /** i;ascii-casemap: a to z upper-cased, everything else as it is. */
    static String caseMapped(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            out.append(c >= 'a' && c <= 'z' ? (char) (c - 32) : c);
        }
        return out.toString();
    }
}
