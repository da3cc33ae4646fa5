package org.iems.api.blob;

import java.util.regex.Pattern;

/**
 * The name of a blob: the lower-case hex SHA-256 of its bytes. Equal contents have equal ids,
 * so a body stored twice is stored once.
 *
 * @param hex 64 lower-case hex digits
 */
public record BlobId(String hex) {

    private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");

    /**
     * Checks the form of the id.
     *
     * @param hex 64 lower-case hex digits
     * @throws IllegalArgumentException if it is not a SHA-256 in lower-case hex
     */
    public BlobId {
        if (hex == null || !HEX.matcher(hex).matches()) {
            throw new IllegalArgumentException("not a blob id: " + hex);
        }
    }

    /** Returns the hex digits. */
    @Override
    public String toString() {
        return hex;
    }
}
