package org.iems.imapd.protocol.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.iems.imapd.protocol.Arguments;
import org.iems.imapd.protocol.CommandText;
import org.iems.imapd.protocol.ImapSyntaxException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** RFC 4731 section 3.1 and RFC 5182 section 2.1: RETURN options, the ESEARCH response and what SAVE keeps. */
class SearchReturnTest {

    private static final List<Long> FOUND = List.of(2L, 3L, 4L, 9L);

    private static SearchReturn parse(String text) throws ImapSyntaxException {
        return SearchReturn.parse(new Arguments(new CommandText(List.of(text), List.of())));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "RETURN (MIN) ALL|ESEARCH (TAG \"t\") MIN 2",
        "RETURN (MAX COUNT) ALL|ESEARCH (TAG \"t\") MAX 9 COUNT 4",
        "RETURN (ALL) ALL|ESEARCH (TAG \"t\") ALL 2:4,9",
        "RETURN () ALL|ESEARCH (TAG \"t\") ALL 2:4,9",
        "return (min max all count) ALL|ESEARCH (TAG \"t\") MIN 2 MAX 9 ALL 2:4,9 COUNT 4",
    })
    void answersWhatTheOptionsAskFor(String command, String response) throws Exception {
        assertThat(parse(command).esearch("t", false, FOUND, 0)).isEqualTo(response);
    }

    @Test
    void nothingFoundGivesOnlyTheCountAndUidSearchSaysUid() throws Exception {
        assertThat(parse("RETURN (MIN MAX ALL COUNT) ALL").esearch("t", true, List.of(), 0))
                .isEqualTo("ESEARCH (TAG \"t\") UID COUNT 0");
        assertThat(parse("RETURN (MIN) ALL").esearch("t", false, List.of(), 0)).isEqualTo("ESEARCH (TAG \"t\")");
    }

    @Test
    void aModSeqSearchAddsTheHighestModSeq() throws Exception {
        assertThat(parse("RETURN (COUNT) ALL").esearch("t", false, FOUND, 17))
                .isEqualTo("ESEARCH (TAG \"t\") COUNT 4 MODSEQ 17");
    }

    @Test
    void saveAloneAnswersNothingAndKeepsAll() throws Exception {
        SearchReturn save = parse("RETURN (SAVE) ALL");
        assertThat(save.answers()).isFalse();
        assertThat(save.returned(FOUND)).isEqualTo(FOUND);
    }

    @Test
    void saveWithMinOrMaxKeepsThoseUnlessAllOrCountIsAskedToo() throws Exception {
        assertThat(parse("RETURN (SAVE MIN) ALL").returned(FOUND)).containsExactly(2L);
        assertThat(parse("RETURN (SAVE MIN MAX) ALL").returned(FOUND)).containsExactly(2L, 9L);
        assertThat(parse("RETURN (SAVE MIN MAX COUNT) ALL").returned(FOUND)).isEqualTo(FOUND);
        assertThat(parse("RETURN (SAVE MAX ALL) ALL").returned(FOUND)).isEqualTo(FOUND);
        assertThat(parse("RETURN (SAVE MIN MAX) ALL").returned(List.of())).isEmpty();
        assertThat(parse("RETURN (MAX) ALL").returned(FOUND)).containsExactly(9L);
        assertThat(parse("RETURN (MIN MAX) ALL").returned(List.of(4L))).containsExactly(4L);
    }

    @Test
    void withoutReturnItIsAPlainSearch() throws Exception {
        assertThat(parse("ALL")).isNull();
    }

    @Test
    void refusesUnknownOptionsAndMalformedLists() {
        assertThatThrownBy(() -> parse("RETURN (PARTIAL 1:10) ALL")).isInstanceOf(ImapSyntaxException.class);
        assertThatThrownBy(() -> parse("RETURN MIN ALL")).isInstanceOf(ImapSyntaxException.class);
        assertThatThrownBy(() -> parse("RETURN (MIN")).isInstanceOf(ImapSyntaxException.class);
    }
}
