package org.iems.store.internal.blob;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.iems.api.blob.BlobHolder;
import org.iems.api.blob.BlobId;
import org.iems.api.blob.BlobStore;
import org.iems.api.blob.BlobWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Blobs as files named by their SHA-256 under {@code root/ab/cd/abcd…}, written to
 * {@code root/tmp} first, fsync'd, then moved into place atomically and the directory fsync'd,
 * so a committed blob survives a crash and a half-written one never appears under a hash name.
 *
 * <p>Garbage collection is mark-and-sweep rather than counters that a crash could leave wrong:
 * a blob is removed when it is older than the grace period and no {@link BlobHolder} holds it.
 * Committing content that already exists refreshes the file's time, so a collection that runs
 * while the same body is being enqueued again leaves it alone.
 */
public final class FileBlobStore implements BlobStore {

    private static final Logger LOG = LoggerFactory.getLogger(FileBlobStore.class);
    private static final String TMP = "tmp";

    private final Path root;
    private final Path tmp;
    private final Supplier<Duration> grace;
    private final Clock clock;
    private final Supplier<List<BlobHolder>> holders;
    private final Supplier<Boolean> requiredHoldersPresent;

    /**
     * @param root the blob directory, created if missing
     * @param grace how old an unheld blob must be before it is removed
     * @param holders the holders registered now
     * @param requiredHoldersPresent whether every holder that must be asked is registered
     */
    public FileBlobStore(Path root, Supplier<Duration> grace, Clock clock, Supplier<List<BlobHolder>> holders,
            Supplier<Boolean> requiredHoldersPresent) throws IOException {
        this.root = root;
        this.tmp = root.resolve(TMP);
        this.grace = grace;
        this.clock = clock;
        this.holders = holders;
        this.requiredHoldersPresent = requiredHoldersPresent;
        Files.createDirectories(tmp);
    }

    Path pathOf(BlobId id) {
        String hex = id.hex();
        return root.resolve(hex.substring(0, 2)).resolve(hex.substring(2, 4)).resolve(hex);
    }

    @Override
    public BlobWriter create() throws IOException {
        return new FileBlobWriter(this, tmp.resolve(UUID.randomUUID().toString()));
    }

    /** Moves a written, fsync'd temporary file to its hash name; called by the writer. */
    BlobId install(Path temporary, BlobId id) throws IOException {
        Path target = pathOf(id);
        Path dir = target.getParent();
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir);
            fsync(dir.getParent());
            fsync(dir.getParent().getParent());
        }
        if (Files.exists(target)) {
            Files.delete(temporary);
            Files.setLastModifiedTime(target, FileTime.from(clock.instant()));
            return id;
        }
        try {
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException e) {
            Files.delete(temporary); // committed concurrently with the same content
        }
        fsync(dir);
        return id;
    }

    static void fsync(Path path) throws IOException {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    @Override
    public InputStream open(BlobId id) throws IOException {
        return Files.newInputStream(pathOf(id));
    }

    @Override
    public long size(BlobId id) throws IOException {
        return Files.size(pathOf(id));
    }

    @Override
    public int collectGarbage() throws IOException {
        if (!requiredHoldersPresent.get()) {
            LOG.info("Blob garbage collection skipped: a required blob holder is not registered");
            return 0;
        }
        Instant cutoff = clock.instant().minus(grace.get());
        int removed = removeStaleTemporaries(cutoff);
        List<Path> old = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root, 3)) {
            files.filter(p -> !p.startsWith(tmp) && Files.isRegularFile(p) && olderThan(p, cutoff)).forEach(old::add);
        }
        Set<BlobId> candidates = new HashSet<>();
        for (Path p : old) {
            candidates.add(new BlobId(p.getFileName().toString()));
        }
        for (BlobHolder holder : holders.get()) {
            candidates.removeAll(holder.held(Set.copyOf(candidates)));
        }
        for (BlobId id : candidates) {
            Path path = pathOf(id);
            if (olderThan(path, cutoff)) { // re-checked: a commit of the same content refreshes the time
                Files.deleteIfExists(path);
                removed++;
            }
        }
        if (removed > 0) {
            LOG.info("Blob garbage collection removed {} files", removed);
        }
        return removed;
    }

    private int removeStaleTemporaries(Instant cutoff) throws IOException {
        int removed = 0;
        try (Stream<Path> files = Files.list(tmp)) {
            for (Path p : files.filter(p -> olderThan(p, cutoff)).toList()) {
                Files.deleteIfExists(p);
                removed++;
            }
        }
        return removed;
    }

    private static boolean olderThan(Path path, Instant cutoff) {
        try {
            return Files.getLastModifiedTime(path).toInstant().isBefore(cutoff);
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
