package org.iems.imapd.internal.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
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
