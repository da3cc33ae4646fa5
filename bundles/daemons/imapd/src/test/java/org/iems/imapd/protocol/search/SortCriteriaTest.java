package org.iems.imapd.protocol.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.iems.imapd.protocol.Arguments;
import org.iems.imapd.protocol.CommandText;
import org.iems.imapd.protocol.ImapSyntaxException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** RFC 5256 section 3 and RFC 5957 section 3: the sort criteria, each key and REVERSE, ties in sequence order. */
class SortCriteriaTest {

    private static final List<TestMessage> MAILBOX = List.of(
            new TestMessage(1, "From: \"Zed\" <adam@a.org>\r\nTo: carl@c.org\r\nCc: bob@b.org\r\n"
                    + "Subject: Re: banana\r\nDate: Tue, 2 Jan 2024 10:00:00 +0000\r\n",
                    Instant.parse("2024-01-05T00:00:00Z"), 300),
            new TestMessage(2, "From: bea@b.org\r\nTo: \"Anna\" <zoe@z.org>\r\nSubject: apple\r\n"
                    + "Date: Wed, 3 Jan 2024 01:00:00 +0200\r\n", Instant.parse("2024-01-04T00:00:00Z"), 100),
            new TestMessage(3, "From: =?UTF-8?Q?=C3=81da?= <Carla@c.org>\r\nSubject: [list] Cherry\r\n",
                    Instant.parse("2024-01-01T00:00:00Z"), 200),
            new TestMessage(4, "From: bea@b.org\r\nSubject: apple\r\nDate: garbage\r\n",
                    Instant.parse("2024-01-03T00:00:00Z"), 100));

    private static SortCriteria criteria(String text) throws ImapSyntaxException {
        return SortCriteria.parse(new Arguments(new CommandText(List.of(text), List.of())));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "(ARRIVAL)|3 4 2 1",
        "(REVERSE ARRIVAL)|1 2 4 3",
        // message 3 has no Date, message 4 an unreadable one: their internal dates stand in
        "(DATE)|3 1 2 4",
        "(FROM)|1 2 4 3",
        "(TO)|3 4 1 2",
        "(CC)|2 3 4 1",
        "(SIZE)|2 4 3 1",
        "(SUBJECT)|2 4 1 3",
        "(SUBJECT REVERSE SIZE)|2 4 1 3",
        "(REVERSE SUBJECT ARRIVAL)|3 1 4 2",
        "(DISPLAYFROM)|2 4 1 3",
        "(DISPLAYTO)|3 4 2 1",
    })
    void sortsByEachKeyWithTiesInSequenceOrder(String criteria, String expected) throws Exception {
        assertThat(criteria(criteria).sort(MAILBOX).stream().map(m -> String.valueOf(m.sequence())).toList())
                .containsExactly(expected.split(" "));
    }

    @ParameterizedTest
    @ValueSource(strings = {"()", "(ARRIVAL", "(SPEED)", "(REVERSE)", "ARRIVAL"})
    void refusesMalformedCriteria(String criteria) {
        assertThatThrownBy(() -> criteria(criteria)).isInstanceOf(ImapSyntaxException.class);
    }
}
