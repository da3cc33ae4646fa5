package org.iems.imapd.protocol.search;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** RFC 5256 section 2.1: the base subject, and whether a reply or forward marker was taken off. */
class BaseSubjectTest {

    @ParameterizedTest(name = "[{0}] -> [{1}]")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
        "hello|HELLO|false",
        "Re: hello|HELLO|true",
        "RE: [list] Re: hello (fwd)|HELLO|true",
        "Fwd: hello|HELLO|true",
        "Fw : hello|HELLO|true",
        "fwd:hello|HELLO|true",
        "Re[2]: hello|HELLO|true",
        "[fwd: Re: hello]|HELLO|true",
        "[Fwd: hello] (fwd)|HELLO|true",
        "hello (fwd) (FWD)  |HELLO|true",
        "[list] hello|HELLO|false",
        "[list]|[LIST]|false",
        "[a] [b] hello|HELLO|false",
        "'  hello \t  world  '|HELLO WORLD|false",
        "Reply: hello|REPLY: HELLO|false",
        "Re: Re: Re:|''|true",
        "Re:[tag]hello|HELLO|true",
        "=?UTF-8?Q?R=C3=A9sum=C3=A9?=|RéSUMé|false",
        "Re: =?ISO-8859-1?Q?caf=E9?=|CAFé|true",
    })
    void extractsTheBaseSubject(String subject, String base, boolean replyOrForward) {
        BaseSubject s = BaseSubject.of(subject);
        assertThat(s.text()).isEqualTo(base);
        assertThat(s.replyOrForward()).isEqualTo(replyOrForward);
    }

    @Test
    void aMissingSubjectIsEmpty() {
        assertThat(BaseSubject.of(null)).isEqualTo(new BaseSubject("", false));
    }
}
