package org.iems.store.internal.blob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.iems.api.blob.BlobHolder;
import org.iems.api.blob.BlobId;
import org.iems.api.blob.BlobWriter;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileBlobStoreTest {

    @TempDir
    Path root;

    private Instant now = Instant.now();
    private final List<BlobHolder> holders = new ArrayList<>();
    private final AtomicBoolean requiredPresent = new AtomicBoolean(true);
    private FileBlobStore store;

    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };

    @BeforeEach
    void open() throws IOException {
        store = new FileBlobStore(root, () -> Duration.ofMinutes(10), clock, () -> List.copyOf(holders), requiredPresent::get);
    }

    private BlobId put(String text) throws IOException {
        try (BlobWriter writer = store.create()) {
            writer.stream().write(text.getBytes(StandardCharsets.UTF_8));
            return writer.commit();
        }
    }

    private String read(BlobId id) throws IOException {
        try (InputStream in = store.open(id)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private long blobFiles() throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).count();
        }
    }

    @Test
    void namesBlobsBySha256AndReadsThemBack() throws IOException {
        BlobId id = put("hello");
        assertThat(id.hex()).isEqualTo("2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824");
        assertThat(read(id)).isEqualTo("hello");
        assertThat(store.size(id)).isEqualTo(5);
        assertThat(store.pathOf(id)).isEqualTo(root.resolve("2c/f2/" + id.hex()));
    }

    @Test
    void largeBlobsCrossTheBuffer() throws IOException {
        String big = "0123456789abcdef".repeat(50_000);
        BlobId id = put(big);
        assertThat(read(id)).isEqualTo(big);
    }

    @Test
    void sameContentIsStoredOnce() throws IOException {
        assertThat(put("same")).isEqualTo(put("same"));
        assertThat(blobFiles()).isEqualTo(1);
    }

    @Test
    void aWriterClosedWithoutCommitLeavesNothing() throws IOException {
        try (BlobWriter writer = store.create()) {
            writer.stream().write("dropped connection".getBytes(StandardCharsets.UTF_8));
            assertThat(writer.size()).isEqualTo(18);
        }
        assertThat(blobFiles()).isZero();
    }

    @Test
    void aCommittedWriterTakesNoMoreBytes() throws IOException {
        BlobWriter writer = store.create();
        writer.stream().write(1);
        writer.commit();
        assertThatThrownBy(() -> writer.stream().write(2)).isInstanceOf(IOException.class);
        assertThatThrownBy(writer::commit).isInstanceOf(IllegalStateException.class);
        writer.close();
        assertThat(blobFiles()).isEqualTo(1);
    }

    @Test
    void missingBlobsAreReportedAsSuch() {
        assertThatThrownBy(() -> store.open(new BlobId("0".repeat(64)))).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void garbageCollectionRemovesOnlyOldUnheldBlobs() throws IOException {
        BlobId held = put("held");
        BlobId unheld = put("unheld");
        holders.add(candidates -> candidates.contains(held) ? Set.of(held) : Set.of());
        assertThat(store.collectGarbage()).as("all are young").isZero();

        now = now.plus(Duration.ofHours(1));
        BlobId young = put("young");
        Files.setLastModifiedTime(store.pathOf(young), FileTime.from(now)); // written "now" on the test clock
        assertThat(store.collectGarbage()).isEqualTo(1);
        assertThat(read(held)).isEqualTo("held");
        assertThat(read(young)).isEqualTo("young");
        assertThatThrownBy(() -> store.open(unheld)).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void recommittingOldContentProtectsItFromCollection() throws IOException {
        BlobId id = put("again");
        now = now.plus(Duration.ofHours(1));
        assertThat(put("again")).isEqualTo(id); // e.g. the same body enqueued once more
        assertThat(store.collectGarbage()).isZero();
        assertThat(read(id)).isEqualTo("again");
    }

    @Test
    void nothingIsCollectedWhileARequiredHolderIsMissing() throws IOException {
        put("orphan?");
        now = now.plus(Duration.ofHours(1));
        requiredPresent.set(false);
        assertThat(store.collectGarbage()).isZero();
        requiredPresent.set(true);
        assertThat(store.collectGarbage()).isEqualTo(1);
    }

    @Test
    void staleTemporaryFilesOfCrashedWritesAreCollected() throws IOException {
        BlobWriter abandoned = store.create();
        abandoned.stream().write(new byte[] {1, 2, 3});
        // as after a crash: the writer is never closed
        now = now.plus(Duration.ofHours(1));
        assertThat(store.collectGarbage()).isEqualTo(1);
        assertThat(blobFiles()).isZero();
    }
}
