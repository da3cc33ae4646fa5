package org.iems.directory.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

/**
 * The password hashes other mail servers keep, in Dovecot's {@code {SCHEME}} notation, which an
 * import may carry instead of clear-text passwords: {@code {ARGON2ID}} (PHC string, IEMS's own
 * form), {@code {BLF-CRYPT}} (bcrypt, {@code $2a$}/{@code $2b$}/{@code $2y$}),
 * {@code {SHA512-CRYPT}} ({@code $6$}) and {@code {SSHA512}} (base64 of SHA-512 of password and
 * salt, then the salt). Argon2id hashes are stored without the prefix, as IEMS writes them; the
 * others are stored as given and verified here until the account's next successful login
 * replaces them with Argon2id ({@link #legacy}).
 */
final class PasswordSchemes {

    /** The schemes an import may use, as written before the hash. */
    static final List<String> SUPPORTED = List.of("ARGON2ID", "BLF-CRYPT", "SHA512-CRYPT", "SSHA512");

    private static final Pattern SCHEME = Pattern.compile("^\\{([A-Za-z0-9.-]+)\\}(.*)$", Pattern.DOTALL);
    private static final String ARGON2ID = "$argon2id$";
    private static final int SHA512_BYTES = 64;

    private PasswordSchemes() {
    }

    /**
     * Reads a password given for a new account: a hash in a {@code {SCHEME}} notation, or clear text.
     *
     * @param password as given
     * @return the form to store if it is a hash of a supported scheme; empty for clear text
     * @throws IllegalArgumentException if it has the form of a hash of a scheme not supported, or of
     *         a malformed hash; the message says which
     */
    static Optional<String> storedFormOf(String password) {
        Matcher m = SCHEME.matcher(password);
        if (!m.matches()) {
            return Optional.empty();
        }
        String scheme = m.group(1).toUpperCase(Locale.ROOT);
        String hash = m.group(2);
        boolean wellFormed = switch (scheme) {
            case "ARGON2ID" -> hash.startsWith(ARGON2ID) && PasswordHasher.readable(hash);
            case "BLF-CRYPT" -> hash.matches("\\$2[aby]\\$\\d\\d\\$[./A-Za-z0-9]{53}");
            case "SHA512-CRYPT" -> Sha512Crypt.wellFormed(hash);
            case "SSHA512" -> ssha512(hash) != null;
            default -> throw new IllegalArgumentException("unsupported password scheme {" + scheme + "} (supported: {"
                    + String.join("}, {", SUPPORTED) + "})");
        };
        if (!wellFormed) {
            throw new IllegalArgumentException("malformed {" + scheme + "} hash");
        }
        return Optional.of(scheme.equals("ARGON2ID") ? hash : "{" + scheme + "}" + hash);
    }

    /** Whether a stored hash is of another scheme than IEMS's Argon2id, to be replaced at the next login. */
    static boolean legacy(String stored) {
        return stored != null && stored.startsWith("{");
    }

    /**
     * Checks a password against a stored hash of a non-Argon2id scheme.
     *
     * @param password the password
     * @param stored the stored form, {@code {SCHEME}hash}
     * @return whether it matches; {@code false} for anything malformed
     */
    static boolean verifyLegacy(char[] password, String stored) {
        Matcher m = SCHEME.matcher(stored);
        if (!m.matches()) {
            return false;
        }
        String hash = m.group(2);
        return switch (m.group(1)) {
            case "BLF-CRYPT" -> bcrypt(password, hash);
            case "SHA512-CRYPT" -> Sha512Crypt.verify(password, hash);
            case "SSHA512" -> ssha512Matches(password, hash);
            default -> false;
        };
    }

    private static boolean bcrypt(char[] password, String hash) {
        try {
            // Bouncy Castle reads $2a$, $2b$ and $2y$, which differ only in how old bugs were fixed
            return OpenBSDBCrypt.checkPassword(hash, password);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private record Salted(byte[] digest, byte[] salt) {
    }

    private static Salted ssha512(String hash) {
        try {
            byte[] all = Base64.getDecoder().decode(hash.strip());
            if (all.length <= SHA512_BYTES) {
                return null;
            }
            return new Salted(Arrays.copyOf(all, SHA512_BYTES), Arrays.copyOfRange(all, SHA512_BYTES, all.length));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static boolean ssha512Matches(char[] password, String hash) {
        Salted s = ssha512(hash);
        if (s == null) {
            return false;
        }
        byte[] key = new String(password).getBytes(StandardCharsets.UTF_8);
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-512");
            sha.update(key);
            sha.update(s.salt());
            return MessageDigest.isEqual(sha.digest(), s.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-512", e);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }
}
