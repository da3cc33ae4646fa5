package org.iems.api.blob;


/**
 * The name of a blob: the lower-case hex SHA-256 of its bytes. Equal contents have equal ids,
 * so a body stored twice is stored once.
 *
 * @param hex 64 lower-case hex digits
 */
public record BlobId(String hex) {

    private static final int LENGTH = 64;

    /**
     * Checks the form of the id.
     *
     * @param hex 64 lower-case hex digits
     * @throws IllegalArgumentException if it is not a SHA-256 in lower-case hex
     */
    public BlobId {
        if (!lowerHex(hex)) {
            throw new IllegalArgumentException("not a blob id: " + hex);
        }
    }

    /** A plain loop: ids are checked for every message listed, and a regex costs more than the query. */
    private static boolean lowerHex(String text) {
        if (text == null || text.length() != LENGTH) {
            return false;
        }
        for (int i = 0; i < LENGTH; i++) {
            char c = text.charAt(i);
            if ((c < '0' || c > '9') && (c < 'a' || c > 'f')) {
                return false;
            }
        }
        return true;
    }

    /** Returns the hex digits. */
    @Override
    public String toString() {
        return hex;
    }
}
