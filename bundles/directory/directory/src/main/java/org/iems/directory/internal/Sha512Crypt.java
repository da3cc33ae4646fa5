package org.iems.directory.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * SHA-512-based crypt, {@code $6$[rounds=N$]salt$hash}, as glibc's crypt(3), Dovecot's
 * {@code SHA512-CRYPT} and {@code openssl passwd -6} write it (Ulrich Drepper, "Unix crypt using
 * SHA-256 and SHA-512", 2007). Only verification is needed: IEMS reads these hashes from imported
 * accounts and replaces them with Argon2id at the next login.
 */
final class Sha512Crypt {

    private static final String PREFIX = "$6$";
    private static final String ROUNDS = "rounds=";
    private static final int DEFAULT_ROUNDS = 5000;
    private static final int MIN_ROUNDS = 1000;
    private static final int MAX_ROUNDS = 999_999_999;
    private static final int MAX_SALT = 16;
    private static final String B64 = "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    /** The order in which the digest's bytes are encoded, three at a time (the scheme's own). */
    private static final int[] ORDER = {0, 21, 42, 22, 43, 1, 44, 2, 23, 3, 24, 45, 25, 46, 4, 47, 5, 26, 6, 27, 48,
        28, 49, 7, 50, 8, 29, 9, 30, 51, 31, 52, 10, 53, 11, 32, 12, 33, 54, 34, 55, 13, 56, 14, 35, 15, 36, 57, 37,
        58, 16, 59, 17, 38, 18, 39, 60, 40, 61, 19, 62, 20, 41};

    private Sha512Crypt() {
    }

    /** Whether the text has the form of a hash this class reads. */
    static boolean wellFormed(String hash) {
        return parse(hash) != null;
    }

    /**
     * Checks a password against a hash.
     *
     * @param password the password
     * @param hash the stored hash, {@code $6$…}
     * @return whether it matches; {@code false} for a malformed hash
     */
    static boolean verify(char[] password, String hash) {
        Parsed p = parse(hash);
        if (p == null) {
            return false;
        }
        byte[] key = new String(password).getBytes(StandardCharsets.UTF_8);
        try {
            String computed = crypt(key, p.salt, p.rounds, p.explicitRounds);
            return MessageDigest.isEqual(computed.getBytes(StandardCharsets.US_ASCII),
                    hash.getBytes(StandardCharsets.US_ASCII));
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    private record Parsed(String salt, int rounds, boolean explicitRounds) {
    }

    private static Parsed parse(String hash) {
        if (hash == null || !hash.startsWith(PREFIX)) {
            return null;
        }
        String rest = hash.substring(PREFIX.length());
        int rounds = DEFAULT_ROUNDS;
        boolean explicit = false;
        if (rest.startsWith(ROUNDS)) {
            int end = rest.indexOf('$');
            if (end < 0) {
                return null;
            }
            try {
                rounds = Math.max(MIN_ROUNDS, Math.min(MAX_ROUNDS, Integer.parseInt(rest.substring(ROUNDS.length(), end))));
            } catch (NumberFormatException e) {
                return null;
            }
            explicit = true;
            rest = rest.substring(end + 1);
        }
        int end = rest.indexOf('$');
        if (end < 0 || end > MAX_SALT || rest.length() - end - 1 != 86) {
            return null;
        }
        return new Parsed(rest.substring(0, end), rounds, explicit);
    }

    private static String crypt(byte[] key, String saltText, int rounds, boolean explicitRounds) {
        byte[] salt = saltText.getBytes(StandardCharsets.UTF_8);
        MessageDigest b = sha512();
        b.update(key);
        b.update(salt);
        b.update(key);
        byte[] alternate = b.digest();

        MessageDigest a = sha512();
        a.update(key);
        a.update(salt);
        int n;
        for (n = key.length; n > 64; n -= 64) {
            a.update(alternate, 0, 64);
        }
        a.update(alternate, 0, n);
        for (n = key.length; n > 0; n >>= 1) {
            if ((n & 1) != 0) {
                a.update(alternate);
            } else {
                a.update(key);
            }
        }
        byte[] digest = a.digest();

        MessageDigest dp = sha512();
        for (int i = 0; i < key.length; i++) {
            dp.update(key);
        }
        byte[] p = repeat(dp.digest(), key.length);
        MessageDigest ds = sha512();
        for (int i = 0; i < 16 + (digest[0] & 0xff); i++) {
            ds.update(salt);
        }
        byte[] s = repeat(ds.digest(), salt.length);

        for (int i = 0; i < rounds; i++) {
            MessageDigest c = sha512();
            c.update((i & 1) != 0 ? p : digest);
            if (i % 3 != 0) {
                c.update(s);
            }
            if (i % 7 != 0) {
                c.update(p);
            }
            c.update((i & 1) != 0 ? digest : p);
            digest = c.digest();
        }

        StringBuilder out = new StringBuilder(PREFIX);
        if (explicitRounds) {
            out.append(ROUNDS).append(rounds).append('$');
        }
        out.append(saltText).append('$');
        for (int i = 0; i < ORDER.length; i += 3) {
            encode(out, digest[ORDER[i]], digest[ORDER[i + 1]], digest[ORDER[i + 2]], 4);
        }
        encode(out, (byte) 0, (byte) 0, digest[63], 2);
        return out.toString();
    }

    private static byte[] repeat(byte[] block, int length) {
        byte[] out = new byte[length];
        for (int i = 0; i < length; i++) {
            out[i] = block[i % block.length];
        }
        return out;
    }

    private static void encode(StringBuilder out, byte b2, byte b1, byte b0, int chars) {
        int w = ((b2 & 0xff) << 16) | ((b1 & 0xff) << 8) | (b0 & 0xff);
        for (int i = 0; i < chars; i++) {
            out.append(B64.charAt(w & 0x3f));
            w >>>= 6;
        }
    }

    private static MessageDigest sha512() {
        try {
            return MessageDigest.getInstance("SHA-512");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-512", e);
        }
    }
}
