package org.iems.api.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** RFC 5321 section 4.1.2 mailbox syntax, with RFC 6531 (SMTPUTF8) and IDN domains. */
class MailAddressTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "bart@ima.com                      | bart                | ima.com                  | bart@ima.com",
        "Bart.Simpson@IMA.Com              | Bart.Simpson        | ima.com                  | Bart.Simpson@ima.com",
        "user+tag@example.org              | user+tag            | example.org              | user+tag@example.org",
        "\"bart\"@ima.com                  | bart                | ima.com                  | bart@ima.com",
        "\"john doe\"@example.org          | john doe            | example.org              | \"john doe\"@example.org",
        "\"john..doe\"@example.org         | john..doe           | example.org              | \"john..doe\"@example.org",
        "\"a@b\"@example.org               | a@b                 | example.org              | \"a@b\"@example.org",
        "\"quote\\\"in\"@example.org       | quote\"in           | example.org              | \"quote\\\"in\"@example.org",
        "postmaster@[192.0.2.1]            | postmaster          | [192.0.2.1]              | postmaster@[192.0.2.1]",
        "x@[IPv6:2001:DB8::1]              | x                   | [ipv6:2001:db8:0:0:0:0:0:1] | x@[ipv6:2001:db8:0:0:0:0:0:1]",
        "用户@例子.广告                     | 用户                 | xn--fsqu00a.xn--4rr70v | 用户@xn--fsqu00a.xn--4rr70v",
        "jörg@bücher.example               | jörg                | xn--bcher-kva.example    | jörg@xn--bcher-kva.example",
    })
    void parsesValidMailboxes(String text, String local, String domain, String canonical) {
        MailAddress address = MailAddress.parse(text);
        assertThat(address.localPart()).isEqualTo(local);
        assertThat(address.domain().ascii()).isEqualTo(domain);
        assertThat(address.toString()).isEqualTo(canonical);
        assertThat(MailAddress.parse(address.toString())).isEqualTo(address);
    }

    @ParameterizedTest(name = "[{index}] ''{0}''")
    @ValueSource(strings = {
        "", "bart", "@ima.com", "bart@", "bart@@ima.com", "a b@ima.com", ".bart@ima.com", "bart.@ima.com",
        "ba..rt@ima.com", "bart@ima.com.", "bart@.ima.com", "bart@ima..com", "bart@-ima.com", "bart@ima_x.com",
        "\"unterminated@ima.com", "\"\"@ima.com", "bart@[300.1.1.1]", "bart@[1.2.3]", "bart@[IPv6:zz::1]",
        "bart@[IPv6:1.2.3.4]", "a\u0000b@ima.com", "<bart@ima.com>", "bart@ima.com>", "@a:b@ima.com",
        "bart%jade.net@ima.com!x", "tab\t@ima.com"})
    void refusesMalformedAddresses(String text) {
        assertThatThrownBy(() -> MailAddress.parse(text)).isInstanceOf(InvalidAddressException.class);
    }

    @Test
    void everyAtextSpecialIsAllowedUnquoted() {
        String specials = "!#$%&'*+-/=?^_`{|}~";
        MailAddress address = MailAddress.parse(specials + "@example.org");
        assertThat(address.localPart()).isEqualTo(specials);
        assertThat(address.toString()).isEqualTo(specials + "@example.org");
    }

    @Test
    void percentHackAndBangPathsAreLocalPartsNotRoutes() {
        // RFC 5321 leaves these to the receiving host; IEMS treats them as plain local parts
        assertThat(MailAddress.parse("bart%jade.net@ima.com").domain().ascii()).isEqualTo("ima.com");
        assertThat(MailAddress.parse("jade.net!bart@ima.com").domain().ascii()).isEqualTo("ima.com");
    }

    @Test
    void domainsCompareCaseInsensitivelyAndLocalPartsForLookup() {
        assertThat(MailAddress.parse("Bart@IMA.COM")).isEqualTo(MailAddress.parse("bart@ima.com"));
        assertThat(MailAddress.parse("Bart@IMA.COM").key()).isEqualTo("bart@ima.com");
        assertThat(MailAddress.parse("Bart@IMA.COM").localPart()).isEqualTo("Bart");
        assertThat(MailAddress.parse("x@Bücher.example")).isEqualTo(MailAddress.parse("x@xn--bcher-kva.example"));
    }

    @Test
    void enforcesRfc5321Lengths() {
        String local64 = "a".repeat(64);
        assertThat(MailAddress.parse(local64 + "@ima.com").localPart()).hasSize(64);
        assertThatThrownBy(() -> MailAddress.parse("a" + local64 + "@ima.com")).hasMessageContaining("64 octets");
        // 64 UTF-8 octets is fewer characters
        assertThatThrownBy(() -> MailAddress.parse("ü".repeat(33) + "@ima.com")).hasMessageContaining("64 octets");
        String label = "d".repeat(63);
        String longDomain = label + "." + label + "." + label + "." + "d".repeat(57);
        assertThatThrownBy(() -> MailAddress.parse(local64 + "@" + longDomain)).hasMessageContaining("254 octets");
        assertThatThrownBy(() -> MailAddress.parse("a@" + "d".repeat(64) + ".com")).isInstanceOf(InvalidAddressException.class);
    }

    @Test
    void knowsWhenSmtpUtf8IsNeeded() {
        assertThat(MailAddress.parse("jörg@example.org").needsSmtpUtf8()).isTrue();
        assertThat(MailAddress.parse("joerg@bücher.example").needsSmtpUtf8()).isFalse();
    }

    @Test
    void buildsFromPartsQuotingWhereNeeded() {
        assertThat(MailAddress.of("john doe", DomainName.parse("example.org")).toString()).isEqualTo("\"john doe\"@example.org");
        assertThat(MailAddress.of("postmaster", DomainName.parse("Ima.com")).toString()).isEqualTo("postmaster@ima.com");
        assertThat(MailAddress.parse("bart@ima.com").withDomain(DomainName.parse("jade.net")).toString())
                .isEqualTo("bart@jade.net");
    }

    @Test
    void errorMessagesNameTheAddressAndTheProblem() {
        assertThatThrownBy(() -> MailAddress.parse("bart@ima..com"))
                .hasMessage("malformed address 'bart@ima..com': invalid domain 'ima..com'");
        assertThatThrownBy(() -> MailAddress.parse("bart"))
                .hasMessage("malformed address 'bart': expected local-part@domain");
    }
}
