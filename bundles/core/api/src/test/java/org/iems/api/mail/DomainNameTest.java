package org.iems.api.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DomainNameTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "ima.com, ima.com, ima.com",
        "IMA.Com, ima.com, ima.com",
        "localhost, localhost, localhost",
        "Bücher.example, xn--bcher-kva.example, bücher.example",
        "xn--bcher-kva.example, xn--bcher-kva.example, bücher.example",
        "[192.0.2.001], [192.0.2.1], [192.0.2.1]",
    })
    void canonicalForms(String text, String ascii, String unicode) {
        DomainName d = DomainName.parse(text);
        assertThat(d.ascii()).isEqualTo(ascii);
        assertThat(d.unicode()).isEqualTo(unicode);
    }

    @ParameterizedTest(name = "[{index}] ''{0}''")
    @ValueSource(strings = {"", ".", "ima.com.", "-ima.com", "ima-.com", "im a.com", "ima_com", "[]", "[1.2.3.4",
        "[1.2.3.256]", "[IPv6:]", "[::1]"})
    void refusesInvalidDomains(String text) {
        assertThatThrownBy(() -> DomainName.parse(text)).isInstanceOf(InvalidAddressException.class);
    }

    @Test
    void literalsAreKnownAsSuch() {
        assertThat(DomainName.parse("[127.0.0.1]").isAddressLiteral()).isTrue();
        assertThat(DomainName.parse("[IPv6:::1]").isAddressLiteral()).isTrue();
        assertThat(DomainName.parse("ima.com").isAddressLiteral()).isFalse();
    }

    @Test
    void equalityIgnoresCase() {
        assertThat(DomainName.parse("IMA.COM")).isEqualTo(DomainName.parse("ima.com")).hasSameHashCodeAs(DomainName.parse("ima.com"));
        assertThat(DomainName.parse("a.com").compareTo(DomainName.parse("b.com"))).isNegative();
    }
}
