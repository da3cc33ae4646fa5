package org.iems.imapd.protocol.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RFC 5256 section 3: THREAD=ORDEREDSUBJECT and THREAD=REFERENCES, and the thread list they answer. */
class ThreadsTest {

    private static TestMessage message(long seq, String id, String refs, String subject, String time) {
        return new TestMessage(seq, "Message-ID: <" + id + ">\r\n" + refs + "Subject: " + subject + "\r\n"
                + "Date: Mon, 1 Jan 2024 " + time + " +0000\r\n");
    }

    /** Two conversations, a reply to a missing message, a reply by subject only, two replies to one missing message. */
    private static final List<TestMessage> MAILBOX = List.of(
            message(1, "a", "", "meeting", "10:00:00"),
            message(2, "b", "References: <a>\r\n", "Re: meeting", "11:00:00"),
            message(3, "c", "", "other", "09:00:00"),
            message(4, "d", "References: <a>\r\n <b>\r\n", "Re: meeting", "12:00:00"),
            message(5, "e", "In-Reply-To: <a>\r\n", "Re: meeting", "11:30:00"),
            message(6, "f", "References: <missing>\r\n", "lost", "08:00:00"),
            message(7, "g", "", "Re: other", "13:00:00"),
            message(8, "h", "References: <gone>\r\n", "topic", "14:00:00"),
            message(9, "i", "References: <gone>\r\n", "topic", "15:00:00"));

    @Test
    void referencesThreadsByMessageIdsThenJoinsTopLevelThreadsBySubject() {
        assertThat(Threads.thread(Threads.Algorithm.REFERENCES, MAILBOX, false))
                .isEqualTo("(6)(3 7)(1 (2 4)(5))((8)(9))");
    }

    @Test
    void uidThreadNamesUids() {
        assertThat(Threads.thread(Threads.Algorithm.REFERENCES, MAILBOX.subList(0, 2), true)).isEqualTo("(10 20)");
    }

    @Test
    void orderedSubjectMakesTheFirstMessageOfEachSubjectTheParentOfTheOthers() {
        assertThat(Threads.thread(Threads.Algorithm.ORDEREDSUBJECT, MAILBOX, false))
                .isEqualTo("(6)(3 7)(1 (2)(5)(4))(8 9)");
    }

    @Test
    void noMessagesNoThreads() {
        assertThat(Threads.thread(Threads.Algorithm.REFERENCES, List.of(), false)).isEmpty();
    }

    @Test
    void referencesThatFormALoopAreNotFollowedAndEveryMessageAppearsOnce() {
        List<TestMessage> loop = List.of(message(1, "x", "References: <y>\r\n", "a", "10:00:00"),
                message(2, "y", "References: <x>\r\n", "b", "11:00:00"),
                message(3, "z", "References: <z>\r\n", "c", "12:00:00"));
        String threads = Threads.thread(Threads.Algorithm.REFERENCES, loop, false);
        assertThat(numbers(threads)).containsExactlyInAnyOrder("1", "2", "3");
    }

    @Test
    void duplicateMessageIdsAndMissingDatesAreThreadedAsSeparateMessages() {
        List<TestMessage> twins = List.of(new TestMessage(1, "Message-ID: <same>\r\nSubject: one\r\n"),
                new TestMessage(2, "Message-ID: <same>\r\nSubject: two\r\n"),
                new TestMessage(3, "Subject: three\r\nDate: not a date\r\n"));
        assertThat(Threads.thread(Threads.Algorithm.REFERENCES, twins, false)).isEqualTo("(1)(2)(3)");
    }

    @Test
    void aReplyChainAsLongAsTheMailboxCostsNoStack() {
        List<TestMessage> chain = new ArrayList<>();
        StringBuilder refs = new StringBuilder();
        for (int i = 1; i <= 5_000; i++) {
            chain.add(message(i, "m" + i, i == 1 ? "" : "In-Reply-To: <m" + (i - 1) + ">\r\n", "Re: chain",
                    "10:00:00"));
            refs.append(i == 1 ? "" : " ").append(i);
        }
        assertThat(Threads.thread(Threads.Algorithm.REFERENCES, chain, false)).isEqualTo("(" + refs + ")");
    }

    private static List<String> numbers(String threads) {
        return Arrays.stream(threads.split("[() ]+")).filter(s -> !s.isEmpty()).toList();
    }
}
