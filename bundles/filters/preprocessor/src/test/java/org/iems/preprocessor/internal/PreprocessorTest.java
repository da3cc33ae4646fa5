package org.iems.preprocessor.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.CopyOnWriteArrayList;
import org.iems.api.blob.BlobRef;
import org.iems.api.blob.BlobWriter;
import org.iems.api.directory.Alias;
import org.iems.api.directory.Directory;
import org.iems.api.directory.NewAccount;
import org.iems.api.filter.FilterRequest;
import org.iems.api.filter.FilterVerdict;
import org.iems.api.filter.MessageFilter;
import org.iems.api.mail.DomainName;
import org.iems.api.mail.MailAddress;
import org.iems.api.queue.BodyType;
import org.iems.api.queue.Delivery;
import org.iems.api.queue.DsnNotify;
import org.iems.api.queue.Envelope;
import org.iems.api.queue.EnvelopeRecipient;
import org.iems.api.queue.QueueEntry;
import org.iems.api.queue.RecipientStatus;
import org.iems.directory.testkit.TestDirectory;
import org.iems.loopfilter.testkit.TestLoopFilter;
import org.iems.queue.testkit.TestQueue;
import org.iems.testsupport.MemoryBlobStore;
import org.iems.testsupport.SettableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The filter chain and router against the real queue, blob store and directory. */
class PreprocessorTest {

    private static final Duration LEASE = Duration.ofMinutes(5);

    private final SettableClock clock = new SettableClock(Instant.parse("2026-11-23T01:00:00Z"));
    private final List<MessageFilter> filters = new CopyOnWriteArrayList<>();
    private final List<String> required = new CopyOnWriteArrayList<>();
    private final ExecutorService pool = Executors.newCachedThreadPool();
    private TestQueue queue;
    private MemoryBlobStore blobs;
    private Preprocessor preprocessor;
    private ChannelMap channels = ChannelMap.NONE;

    @BeforeEach
    void setUp() throws IOException {
        TestDirectory directories = TestDirectory.create("ima.com");
        Directory directory = directories.directory();
        directory.addAccount(new NewAccount(MailAddress.parse("bart@ima.com"), "pw", "", 0));
        directory.addAccount(new NewAccount(MailAddress.parse("lisa@ima.com"), "pw", "", 0));
        directory.addAlias(new Alias(MailAddress.parse("kids@ima.com"),
                List.of(MailAddress.parse("bart@ima.com"), MailAddress.parse("lisa@ima.com"), MailAddress.parse("milhouse@remote.example"))));
        queue = TestQueue.onDerby(clock);
        blobs = new MemoryBlobStore();
        FilterChain chain = new FilterChain(() -> List.copyOf(filters), () -> Set.copyOf(required), () -> Duration.ofMillis(500),
                pool, blobs);
        PostmasterAlerter alerter = new PostmasterAlerter(queue.queue(), blobs, () -> DomainName.parse("ima.com"), Duration.ofHours(1),
                clock);
        preprocessor = new Preprocessor(queue.intake(), chain, new Router(directories.recipients(), () -> channels), alerter,
                clock, LEASE, Duration.ofMinutes(1));
    }

    @AfterEach
    void tearDown() {
        pool.shutdownNow();
    }

    private BlobRef blob(String text) throws IOException {
        try (BlobWriter w = blobs.create()) {
            w.stream().write(text.getBytes(StandardCharsets.UTF_8));
            return new BlobRef(w.commit(), w.size());
        }
    }

    private QueueEntry receive(String message, String... recipients) throws Exception {
        List<EnvelopeRecipient> rcpts = new ArrayList<>();
        for (String r : recipients) {
            rcpts.add(EnvelopeRecipient.of(MailAddress.parse(r)));
        }
        Envelope envelope = new Envelope(Optional.of(MailAddress.parse("sender@remote.example")), rcpts, Optional.empty(),
                Optional.empty(), BodyType.SEVEN_BIT, false, "192.0.2.1", Optional.empty(), clock.instant());
        return queue.queue().enqueue(envelope, blob(message), null);
    }

    private static String read(FilterRequest request) throws IOException {
        try (InputStream in = request.openMessage()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** A filter with a name and a behaviour, as a filter bundle would register it. */
    private record Named(String name, Behaviour behaviour) implements MessageFilter {
        @Override
        public FilterVerdict filter(FilterRequest request) throws Exception {
            return behaviour.decide(request);
        }
    }

    @FunctionalInterface
    private interface Behaviour {
        FilterVerdict decide(FilterRequest request) throws Exception;
    }

    private List<String> routedStates(String queueId) {
        return queue.queue().find(queueId).orElseThrow().recipients().stream()
                .map(r -> r.address() + " " + r.state() + " " + r.channel().orElse("-")).toList();
    }

    @Test
    void theChannelMapSendsAnAddressAsItIsAndARemoteDomainThroughItsChannel() throws Exception {
        channels = ChannelMap.parse(new String[] {"batch.example=bsmtp", "bsmtp-in@ima.com=bsmtp-in"});
        QueueEntry entry = receive("Subject: hi\r\n\r\nhello\r\n", "bsmtp-in@ima.com", "a@batch.example",
                "b@other.example", "kids@ima.com");
        preprocessor.runOnce(10);
        assertThat(routedStates(entry.queueId())).containsExactly("bsmtp-in@ima.com QUEUED bsmtp-in",
                "a@batch.example QUEUED bsmtp", "b@other.example QUEUED smtp", "bart@ima.com QUEUED local",
                "lisa@ima.com QUEUED local", "milhouse@remote.example QUEUED smtp");
        for (String bad : List.of("batch.example", "=bsmtp", "x@y=", "not a domain=smtp")) {
            assertThatThrownBy(() -> ChannelMap.parse(new String[] {bad})).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void anAliasThatAskedForASuccessNoticeIsExpandedAndItsMembersAskNoMore() throws Exception {
        Envelope envelope = new Envelope(Optional.of(MailAddress.parse("sender@remote.example")), List.of(
                new EnvelopeRecipient(MailAddress.parse("kids@ima.com"), Set.of(DsnNotify.SUCCESS, DsnNotify.FAILURE),
                        Optional.of("rfc822;kids@ima.com"))),
                Optional.empty(), Optional.empty(), BodyType.SEVEN_BIT, false, "192.0.2.1", Optional.empty(),
                clock.instant());
        QueueEntry entry = queue.queue().enqueue(envelope, blob("Subject: hi\r\n\r\nhello\r\n"), null);
        preprocessor.runOnce(10);
        List<RecipientStatus> routed = queue.queue().find(entry.queueId()).orElseThrow().recipients();
        assertThat(routed).extracting(r -> r.address() + " " + r.state() + " " + new TreeSet<>(r.original().notifyOn()))
                .containsExactly("kids@ima.com DELIVERED [SUCCESS, FAILURE]", "bart@ima.com QUEUED [FAILURE]",
                        "lisa@ima.com QUEUED [FAILURE]", "milhouse@remote.example QUEUED [FAILURE]");
        assertThat(routed.get(0).lastResult()).contains("2.0.0 expanded to 3 recipients");
        assertThat(routed.get(1).original().originalRecipient()).contains("rfc822;kids@ima.com");
    }

    @Test
    void routesAccountsAliasesAndRemoteAddressesAndBouncesUnknownUsers() throws Exception {
        QueueEntry entry = receive("Subject: hi\r\n\r\nhello\r\n", "kids@ima.com", "bart@ima.com", "nobody@ima.com",
                "friend@remote.example");
        assertThat(preprocessor.runOnce(10)).isEqualTo(1);
        assertThat(routedStates(entry.queueId())).containsExactly(
                "bart@ima.com QUEUED local", "lisa@ima.com QUEUED local", "milhouse@remote.example QUEUED smtp",
                "nobody@ima.com BOUNCED -", "friend@remote.example QUEUED smtp");
        assertThat(queue.channels().claim("local", 10, LEASE)).extracting(Delivery::deliveryKey).hasSize(2);
    }

    @Test
    void filtersRunInOrderSeeModificationsAndTag() throws Exception {
        filters.add(new Named("disclaimer", request -> {
            try (BlobWriter w = request.newBody()) {
                w.stream().write((read(request) + "-- sent via IEMS\r\n").getBytes(StandardCharsets.UTF_8));
                return new FilterVerdict.Modify(new BlobRef(w.commit(), w.size()));
            }
        }));
        filters.add(new Named("spam", request -> new FilterVerdict.Tag(Map.of("X-IEMS-Spam-Score",
                read(request).contains("sent via IEMS") ? "0.1" : "unseen"))));
        QueueEntry entry = receive("Subject: hi\r\n\r\nhello\r\n", "bart@ima.com");
        preprocessor.runOnce(10);
        QueueEntry routed = queue.queue().find(entry.queueId()).orElseThrow();
        assertThat(routed.tags()).containsEntry("X-IEMS-Spam-Score", "0.1");
        try (InputStream in = blobs.open(routed.body())) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).endsWith("hello\r\n-- sent via IEMS\r\n");
        }
        assertThat(routed.size()).isEqualTo("Subject: hi\r\n\r\nhello\r\n-- sent via IEMS\r\n".length());
    }

    @Test
    void rejectBouncesEveryRecipientAndDiscardDropsTheMessage() throws Exception {
        filters.add(new Named("virus", request -> read(request).contains("EICAR")
                ? new FilterVerdict.Reject("5.7.1", "virus found") : new FilterVerdict.Accept()));
        filters.add(new Named("junk", request -> read(request).contains("lottery")
                ? new FilterVerdict.Discard("lottery spam") : new FilterVerdict.Accept()));
        QueueEntry virus = receive("Subject: x\r\n\r\nEICAR\r\n", "bart@ima.com", "lisa@ima.com");
        QueueEntry junk = receive("Subject: x\r\n\r\nlottery\r\n", "bart@ima.com");
        preprocessor.runOnce(10);
        assertThat(routedStates(virus.queueId())).containsExactly("bart@ima.com BOUNCED -", "lisa@ima.com BOUNCED -");
        assertThat(queue.queue().find(virus.queueId()).orElseThrow().recipients().get(0).lastResult()).contains("5.7.1 virus found");
        assertThat(queue.queue().find(junk.queueId())).as("discarded and finished").isEmpty();
        assertThat(queue.channels().claim("local", 10, LEASE)).isEmpty();
    }

    @Test
    void aMissingRequiredFilterHoldsMailAlertsOnceAndResumesWhenItIsBack() throws Exception {
        required.add("antivirus");
        QueueEntry first = receive("Subject: 1\r\n\r\none\r\n", "bart@ima.com");
        QueueEntry second = receive("Subject: 2\r\n\r\ntwo\r\n", "lisa@ima.com");
        preprocessor.runOnce(10);
        assertThat(queue.channels().claim("local", 10, LEASE)).as("nothing passes unfiltered").isEmpty();

        // the one alert went to the postmaster, unfiltered, as internal mail
        preprocessor.runOnce(10);
        List<Delivery> alerts = queue.channels().claim("local", 10, LEASE);
        assertThat(alerts).singleElement().satisfies(d -> {
            assertThat(d.recipient().address()).isEqualTo(MailAddress.parse("postmaster@ima.com"));
            assertThat(d.entry().envelope().sender()).isEmpty();
        });
        receive("Subject: 3\r\n\r\nthree\r\n", "bart@ima.com");
        preprocessor.runOnce(10);
        preprocessor.runOnce(10);
        assertThat(queue.channels().claim("local", 10, LEASE)).as("no second alert").isEmpty();

        filters.add(new Named("antivirus", request -> new FilterVerdict.Tag(Map.of("X-IEMS-Virus", "clean"))));
        clock.advance(Duration.ofMinutes(1));
        preprocessor.runOnce(10);
        List<Delivery> resumed = queue.channels().claim("local", 10, LEASE);
        assertThat(resumed).extracting(d -> d.entry().queueId()).contains(first.queueId(), second.queueId()).hasSize(3);
        assertThat(resumed).allSatisfy(d -> assertThat(d.entry().tags()).containsEntry("X-IEMS-Virus", "clean"));
    }

    @Test
    void aFilterThatThrowsOrHangsHoldsTheMessageUntilItWorksAgain() throws Exception {
        boolean[] broken = {true};
        filters.add(new Named("flaky", request -> {
            if (broken[0]) {
                throw new IOException("spamd not answering");
            }
            return new FilterVerdict.Accept();
        }));
        filters.add(new Named("slow", request -> {
            if (broken[0]) {
                Thread.sleep(5_000);
            }
            return new FilterVerdict.Accept();
        }));
        QueueEntry entry = receive("Subject: x\r\n\r\nx\r\n", "bart@ima.com");
        preprocessor.runOnce(10);
        assertThat(queue.channels().claim("local", 10, LEASE)).extracting(d -> d.entry().queueId())
                .doesNotContain(entry.queueId());
        filters.remove(0); // now only the slow one fails: by its time budget
        clock.advance(Duration.ofMinutes(1));
        long t0 = System.nanoTime();
        preprocessor.runOnce(10);
        assertThat((System.nanoTime() - t0) / 1_000_000).as("the budget stops it").isLessThan(4_000);
        assertThat(queue.channels().claim("local", 10, LEASE)).extracting(d -> d.entry().queueId()).doesNotContain(entry.queueId());

        broken[0] = false;
        clock.advance(Duration.ofMinutes(1));
        preprocessor.runOnce(10);
        assertThat(queue.channels().claim("local", 10, LEASE)).extracting(d -> d.entry().queueId()).contains(entry.queueId());
    }

    @Test
    void mailLoopFilterBouncesMailWithTooManyHops() throws Exception {
        filters.add(TestLoopFilter.allowing(30));
        String loop = "Received: from a by b; Mon, 23 Nov 2026 01:00:00 +0000\r\n".repeat(31) + "Subject: loop\r\n\r\nx\r\n";
        String fine = "Received: from a by b; Mon, 23 Nov 2026 01:00:00 +0000\r\n".repeat(30)
                + "Subject: ok\r\n\r\nReceived: in the body does not count\r\n".repeat(3);
        QueueEntry looping = receive(loop, "bart@ima.com");
        QueueEntry ok = receive(fine, "bart@ima.com");
        preprocessor.runOnce(10);
        assertThat(queue.queue().find(looping.queueId()).orElseThrow().recipients().get(0).lastResult().orElseThrow())
                .startsWith("5.4.6 mail loop: 31 Received header fields");
        assertThat(routedStates(ok.queueId())).containsExactly("bart@ima.com QUEUED local");
    }
}
