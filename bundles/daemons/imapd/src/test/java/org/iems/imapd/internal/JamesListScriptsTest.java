package org.iems.imapd.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Apache James's MPT scripts for LIST and LSUB (RFC 3501 sections 6.3.8 and 6.3.9, RFC 5258):
 * every LIST and LSUB answer of a script is compared with what the script expects, as a set
 * (order is free), attributes as a set (their order is free too). James's hierarchy delimiter is
 * {@code .} where this server's is {@code /}, so the scripts are read with {@code /}; James
 * subscribes INBOX when it creates it, so each run first subscribes INBOX; this server's
 * special-use mailboxes (Drafts, Junk, Sent, Trash) always exist, so they are left out unless a
 * script names them. Not run: ListPlus (LIST RETURN (MYRIGHTS), RFC 8440, is not offered yet);
 * Create, RenameHierarchy and ListSpecialChar (they rest on mailboxes James's test fixture makes,
 * or on {@code &AC4-}, an encoded {@code .}, being James's delimiter).
 */
class JamesListScriptsTest extends TrustedLoopbackServer {

    /** Commands whose answer is not compared, each with the reason. */
    private static final Map<String, String> NOT_COMPARED = Map.of(
            "LIST (REMOTE) \"\" \"*\"", "RFC 5258 section 3.1: REMOTE lists remote mailboxes as well as local ones;"
                    + " James lists none",
            "LIST \"#private\" \"\"", "the root of James's #private namespace; here #private is a personal name",
            "LIST \"#private/someone\" \"\"", "the same");
    private static final List<String> SPECIAL_USE = List.of("Drafts", "Junk", "Sent", "Trash");
    private static final Pattern LISTING = Pattern.compile("^\\* (LIST|LSUB) \\(([^)]*)\\) \"/\" \"?(.*?)\"?( \\(.*\\))?$");

    @ParameterizedTest
    @ValueSource(strings = {"ListSubscribed", "Subscribe", "ListOnly", "ListMailboxes", "ListPercentWildcard",
        "ListNamespace"})
    void listsAsTheScriptsExpect(String script) throws Exception {
        List<String> lines = JamesScriptsTest.lines(script);
        int compared = 0;
        try (ImapClient c = client()) {
            c.login("lisa@ima.com");
            c.tagged("SUBSCRIBE INBOX");
            int i = 0;
            while (i < lines.size()) {
                String line = lines.get(i++);
                if (!line.startsWith("C: ")) {
                    continue;
                }
                String text = line.substring(3).strip().replace('.', '/');
                String command = text.substring(text.indexOf(' ') + 1);
                List<String> expected = new ArrayList<>();
                while (i < lines.size() && !lines.get(i).startsWith("C: ")) {
                    String s = lines.get(i++);
                    if (s.startsWith("S: \\* LIST") || s.startsWith("S: \\* LSUB")) {
                        // the delimiter, then names: '.' escaped or not (the lines are regular expressions)
                        expected.add(normal(s.substring(3).replace("\\\"\\.\\\"", "\"/\"").replace("\\.", "/")
                                .replace('.', '/').replaceAll("\\\\(.)", "$1")));
                    }
                }
                List<String> actual = c.command(command).stream().filter(l -> l.startsWith("* LIST") || l.startsWith("* LSUB"))
                        .map(JamesListScriptsTest::normal).filter(l -> !ownSpecialUse(l, expected)).toList();
                if (command.matches("(?i)(LIST|LSUB) .*") && !NOT_COMPARED.containsKey(command)) {
                    assertThat(actual).as("%s: %s", script, command).containsExactlyInAnyOrderElementsOf(expected);
                    compared++;
                }
            }
        }
        assertThat(compared).as("%s: LIST and LSUB answers compared", script).isGreaterThanOrEqualTo(3);
    }

    /** This server's special-use mailboxes, which always exist here and which James does not make. */
    private static boolean ownSpecialUse(String listing, List<String> expected) {
        return SPECIAL_USE.stream().anyMatch(name -> listing.endsWith("\"/\" " + name)
                && expected.stream().noneMatch(e -> e.endsWith("\"/\" " + name)));
    }

    /** A listing with its attributes sorted and its name unquoted. */
    private static String normal(String listing) {
        Matcher m = LISTING.matcher(listing);
        if (!m.matches()) {
            return listing;
        }
        String[] attributes = m.group(2).isBlank() ? new String[0] : m.group(2).split(" ");
        Arrays.sort(attributes, String.CASE_INSENSITIVE_ORDER);
        return "* " + m.group(1) + " (" + String.join(" ", attributes) + ") \"/\" " + m.group(3)
                + (m.group(4) == null ? "" : m.group(4));
    }
}
