package org.iems.imapd.internal.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.iems.api.blob.BlobId;
import org.iems.api.mail.MailAddress;
import org.iems.api.store.FlagChange;
import org.iems.api.store.MailboxStatus;
import org.iems.api.store.MessageStore;
import org.iems.store.testkit.TestStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MailboxListingsTest {

    private static final MailAddress BART = MailAddress.parse("bart@ima.com");
    private static final BlobId BODY = new BlobId("b".repeat(64));

    private MessageStore store;
    private MailboxListings listings;

    @BeforeEach
    void open() {
        store = TestStore.onDerby(Clock.systemUTC()).store();
        listings = new MailboxListings(store);
    }

    private List<Long> listed() throws Exception {
        MailboxStatus status = store.status(BART, "INBOX").orElseThrow();
        assertThat(listings.messages(BART, "INBOX", status)).isEqualTo(store.messages(BART, "INBOX", 1, 1000));
        return listings.messages(BART, "INBOX", status).stream().map(m -> m.uid()).toList();
    }

    @Test
    void followsAppendsFlagChangesAndExpungesAsTheStoreHasThem() throws Exception {
        for (int i = 0; i < 5; i++) {
            store.append(BART, "INBOX", BODY, 10, Set.of(), Instant.now(), null);
        }
        assertThat(listed()).containsExactly(1L, 2L, 3L, 4L, 5L);
        store.updateFlags(BART, "INBOX", List.of(2L, 4L), FlagChange.ADD, Set.of("\\Seen"), OptionalLong.empty());
        store.append(BART, "INBOX", BODY, 10, Set.of(), Instant.now(), null);
        assertThat(listed()).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
        store.expunge(BART, "INBOX", List.of(3L));
        store.append(BART, "INBOX", BODY, 10, Set.of(), Instant.now(), null);
        assertThat(listed()).containsExactly(1L, 2L, 4L, 5L, 6L, 7L);
        store.expunge(BART, "INBOX", List.of(1L, 7L));
        assertThat(listed()).containsExactly(2L, 4L, 5L, 6L);
    }

    @Test
    void theLeastRecentlyUsedListingsGoWhenTheBoundIsReached() throws Exception {
        AtomicInteger wholeReads = new AtomicInteger();
        MessageStore counting = (MessageStore) Proxy.newProxyInstance(MessageStore.class.getClassLoader(),
                new Class<?>[] {MessageStore.class}, (proxy, method, args) -> {
                    if (method.getName().equals("messages")) {
                        wholeReads.incrementAndGet();
                    }
                    try {
                        return method.invoke(store, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        MailboxListings bounded = new MailboxListings(counting, 6);
        for (String box : List.of("A", "B")) {
            store.createMailbox(BART, box);
            for (int i = 0; i < 4; i++) {
                store.append(BART, box, BODY, 10, Set.of(), Instant.now(), null);
            }
        }
        MailboxStatus a = store.status(BART, "A").orElseThrow();
        MailboxStatus b = store.status(BART, "B").orElseThrow();
        bounded.messages(BART, "A", a);
        bounded.messages(BART, "A", a);
        assertThat(wholeReads).as("kept").hasValue(1);
        bounded.messages(BART, "B", b);
        assertThat(bounded.messages(BART, "B", b)).hasSize(4);
        assertThat(wholeReads).hasValue(2);
        bounded.messages(BART, "A", a);
        assertThat(wholeReads).as("A went to make room for B (8 messages > 6)").hasValue(3);
    }

    @Test
    void aRecreatedMailboxIsReadAfresh() throws Exception {
        store.createMailbox(BART, "Box");
        store.append(BART, "Box", BODY, 10, Set.of(), Instant.now(), null);
        MailboxStatus first = store.status(BART, "Box").orElseThrow();
        assertThat(listings.messages(BART, "Box", first)).hasSize(1);
        store.deleteMailbox(BART, "Box");
        store.createMailbox(BART, "Box");
        MailboxStatus second = store.status(BART, "Box").orElseThrow();
        assertThat(second.uidValidity()).isNotEqualTo(first.uidValidity());
        assertThat(listings.messages(BART, "Box", second)).isEmpty();
    }
}
