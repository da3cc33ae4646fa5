package org.iems.api.blob;

/**
 * A committed blob and its size, as the queue and the store keep it.
 *
 * @param id the blob's id
 * @param size its size in bytes
 */
public record BlobRef(BlobId id, long size) {
}
