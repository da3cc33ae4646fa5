package org.iems.imapd.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ModifiedUtf7Test {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        // RFC 3501 section 5.1.3's example
        "~peter/mail/&U,BTFw-/&ZeVnLIqe-|~peter/mail/\u53f0\u5317/\u65e5\u672c\u8a9e",
        "Tom &- Jerry|Tom & Jerry",
        "INBOX|INBOX",
        "Entw&APw-rfe|Entw\u00fcrfe",
        "&2D3eAA-|\ud83d\ude00"})
    void decodesAndEncodesTheSameName(String wire, String name) throws Exception {
        assertThat(ModifiedUtf7.decode(wire)).isEqualTo(name);
        assertThat(ModifiedUtf7.encode(name)).isEqualTo(wire);
    }

    @ParameterizedTest
    @ValueSource(strings = {"&Jjo", "&Jjo!-", "&AGE-", "&U,BTFw-&ZeVnLIqe-", "caf\u00e9", "&2D0-", "&==-", "a&"})
    void refusesNamesThatAreNotCanonicalModifiedUtf7(String wire) {
        assertThatThrownBy(() -> ModifiedUtf7.decode(wire)).isInstanceOf(InvalidMailboxNameException.class);
    }
}
