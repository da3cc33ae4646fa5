package org.iems.api.storage;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;

/**
 * Files only the server's own user may read: generated secrets (a keystore, its password, the
 * first postmaster password) are written whole or not at all, mode 0600, and random secrets are
 * made in one way.
 *
 * @since 1.2
 */
public final class PrivateFiles {

    /** Letters and digits that cannot be mistaken for one another when read aloud or copied. */
    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private PrivateFiles() {
    }

    /**
     * Writes a file atomically (a temporary file in the same folder, then a rename), readable and
     * writable by its owner only; the folder is created if missing.
     *
     * @param file where to write
     * @param content the bytes
     * @throws IOException if it cannot be written
     */
    public static void write(Path file, byte[] content) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        // createTempFile makes the file 0600 on POSIX systems, before a byte is in it
        Path tmp = Files.createTempFile(parent, ".iems-", ".tmp");
        try {
            Files.write(tmp, content);
            ownerOnly(tmp);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Reads a secret from a file: its first line, without surrounding white space.
     *
     * @param file the file
     * @return the secret
     * @throws IOException if the file cannot be read or holds nothing
     */
    public static String readSecret(Path file) throws IOException {
        String secret = Files.readString(file, StandardCharsets.UTF_8).lines().findFirst().orElse("").strip();
        if (secret.isEmpty()) {
            throw new IOException(file + " holds no secret");
        }
        return secret;
    }

    /**
     * Makes a random password from an unambiguous alphabet (about 5.8 bits per character).
     *
     * @param length its length
     * @return the password
     */
    public static String randomPassword(int length) {
        StringBuilder password = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            password.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return password.toString();
    }

    private static void ownerOnly(Path file) throws IOException {
        if (Files.getFileAttributeView(file, java.nio.file.attribute.PosixFileAttributeView.class) != null) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        }
    }
}
