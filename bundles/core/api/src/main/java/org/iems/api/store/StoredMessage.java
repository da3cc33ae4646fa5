package org.iems.api.store;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Set;
import org.iems.api.blob.BlobId;
import org.iems.api.blob.BlobStore;

/**
 * One message in a mailbox, without its bytes: its text is the delivery header fields, then the
 * blob ({@link #open}). The blob is shared by every recipient of a message and by the queue; the
 * header fields final delivery adds ({@code Return-Path:}, RFC 5321 section 4.4) belong to this
 * copy alone.
 *
 * @param uid its UID in the mailbox
 * @param body its blob
 * @param size its size in octets: the delivery header fields and the blob
 * @param internalDate when it was received; never rewritten
 * @param flags its system flags and keywords
 * @param modSeq the MODSEQ of its last change
 * @param deliveryHeaders the header fields added at final delivery, each ending in CRLF, or empty
 * @param savedAt when it was stored in this mailbox (appended, delivered, copied or moved there:
 *        RFC 8514's save date), or null for messages stored before the store kept it
 */
public record StoredMessage(long uid, BlobId body, long size, Instant internalDate, Set<String> flags, long modSeq,
        String deliveryHeaders, Instant savedAt) {

    /**
     * Copies the flags.
     *
     * @param uid the UID
     * @param body the blob
     * @param size the size
     * @param internalDate the internal date
     * @param flags the flags
     * @param modSeq the MODSEQ
     * @param deliveryHeaders the delivery header fields, or empty
     * @param savedAt when it was stored in this mailbox, or null
     */
    public StoredMessage {
        flags = Set.copyOf(flags);
        deliveryHeaders = deliveryHeaders == null ? "" : deliveryHeaders;
    }

    /**
     * A message whose save date is not known.
     *
     * @param uid the UID
     * @param body the blob
     * @param size the size
     * @param internalDate the internal date
     * @param flags the flags
     * @param modSeq the MODSEQ
     * @param deliveryHeaders the delivery header fields, or empty
     */
    public StoredMessage(long uid, BlobId body, long size, Instant internalDate, Set<String> flags, long modSeq,
            String deliveryHeaders) {
        this(uid, body, size, internalDate, flags, modSeq, deliveryHeaders, null);
    }

    /**
     * A message without delivery header fields (appended by a client).
     *
     * @param uid the UID
     * @param body the blob
     * @param size the size
     * @param internalDate the internal date
     * @param flags the flags
     * @param modSeq the MODSEQ
     */
    public StoredMessage(long uid, BlobId body, long size, Instant internalDate, Set<String> flags, long modSeq) {
        this(uid, body, size, internalDate, flags, modSeq, "");
    }

    /**
     * The message's object id (IMAP EMAILID, RFC 8474 section 5.1; a JMAP Email id): the same for
     * every copy of the same text, in any mailbox, and different for different texts. The blob id
     * already names the blob's content (SHA-256); delivery header fields, when there are any, are
     * hashed in with it.
     *
     * @return 25 characters: {@code E} and 24 hex digits
     */
    public String emailId() {
        if (deliveryHeaders.isEmpty()) {
            return "E" + body.hex().substring(0, 24);
        }
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(deliveryHeaders.getBytes(StandardCharsets.UTF_8));
            sha.update(body.hex().getBytes(StandardCharsets.US_ASCII));
            return "E" + HexFormat.of().formatHex(sha.digest()).substring(0, 24);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /**
     * Opens the message's text: the delivery header fields, then the blob.
     *
     * @param blobs where the blob is
     * @return the text, {@link #size} octets
     * @throws IOException if the blob cannot be read
     */
    public InputStream open(BlobStore blobs) throws IOException {
        InputStream blob = blobs.open(body);
        return deliveryHeaders.isEmpty() ? blob
                : new SequenceInputStream(new ByteArrayInputStream(deliveryHeaders.getBytes(StandardCharsets.UTF_8)), blob);
    }
}
