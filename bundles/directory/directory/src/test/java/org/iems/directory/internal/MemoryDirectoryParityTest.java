package org.iems.directory.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.iems.api.auth.AuthenticationResult;
import org.iems.api.auth.Protocol;
import org.iems.api.directory.Alias;
import org.iems.api.directory.NewAccount;
import org.iems.api.directory.RecipientResolution;
import org.iems.api.mail.DomainName;
import org.iems.api.mail.MailAddress;
import org.iems.directory.testkit.TestDirectory;
import org.iems.testsupport.MemoryDirectory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The protocol tests' map-backed directory answers as the embedded one does for what it models:
 * the same domains, accounts and aliases set up in both, the same resolutions, logins and sender
 * ownership. A protocol test that passes on the fixture passes on the real directory.
 */
class MemoryDirectoryParityTest {

    private static TestDirectory real;
    private static final MemoryDirectory memory = new MemoryDirectory("ima.com").domain("jade.net")
            .domainAlias("alias.example", "ima.com").account("bart@ima.com", "eatmyshorts")
            .account("lisa@jade.net", "sax").account("postmaster@ima.com", "pm-secret")
            .alias("kids@ima.com", "bart@ima.com", "lisa@jade.net", "milhouse@far.example");

    @BeforeAll
    static void realDirectory() {
        real = TestDirectory.create("ima.com");
        real.directory().addDomain(DomainName.parse("jade.net"));
        real.directory().addDomainAlias(DomainName.parse("alias.example"), DomainName.parse("ima.com"));
        real.directory().addAccount(new NewAccount(MailAddress.parse("bart@ima.com"), "eatmyshorts", "Bart", 0));
        real.directory().addAccount(new NewAccount(MailAddress.parse("lisa@jade.net"), "sax", "Lisa", 0));
        real.directory().addAlias(new Alias(MailAddress.parse("kids@ima.com"), List.of(MailAddress.parse("bart@ima.com"),
                MailAddress.parse("lisa@jade.net"), MailAddress.parse("milhouse@far.example"))));
    }

    @ParameterizedTest
    @ValueSource(strings = {"bart@ima.com", "Bart@IMA.com", "bart@alias.example", "kids@ima.com", "lisa@jade.net",
        "nobody@ima.com", "nobody@alias.example", "someone@far.example", "postmaster@ima.com"})
    void resolvesAsTheEmbeddedDirectory(String address) {
        MailAddress recipient = MailAddress.parse(address);
        RecipientResolution expected = real.recipients().resolve(recipient);
        RecipientResolution actual = memory.resolve(recipient);
        assertThat(actual.kind()).isEqualTo(expected.kind());
        assertThat(actual.accounts()).isEqualTo(expected.accounts());
        assertThat(actual.remote()).isEqualTo(expected.remote());
        assertThat(actual.unresolved()).isEqualTo(expected.unresolved());
    }

    @ParameterizedTest
    @ValueSource(strings = {"bart:eatmyshorts", "bart@ima.com:eatmyshorts", "BART@alias.example:eatmyshorts",
        "bart:wrong", "lisa@jade.net:sax", "lisa:sax", "nobody:x", "bad@@login:x"})
    void logsInAsTheEmbeddedDirectory(String loginAndPassword) {
        String login = loginAndPassword.substring(0, loginAndPassword.lastIndexOf(':'));
        char[] password = loginAndPassword.substring(loginAndPassword.lastIndexOf(':') + 1).toCharArray();
        AuthenticationResult expected = real.authenticator().authenticate(Protocol.SMTP, login, password);
        AuthenticationResult actual = memory.authenticate(Protocol.SMTP, login, password);
        assertThat(actual.outcome()).isEqualTo(expected.outcome());
        assertThat(actual.account()).isEqualTo(expected.account());
    }

    @ParameterizedTest
    @ValueSource(strings = {"bart@ima.com", "bart@alias.example", "kids@ima.com", "lisa@jade.net", "ceo@bank.example",
        "nobody@ima.com"})
    void decidesSenderOwnershipAsTheEmbeddedDirectory(String sender) {
        MailAddress bart = MailAddress.parse("bart@ima.com");
        assertThat(memory.maySendAs(bart, MailAddress.parse(sender)))
                .isEqualTo(real.directory().maySendAs(bart, MailAddress.parse(sender)));
    }
}
