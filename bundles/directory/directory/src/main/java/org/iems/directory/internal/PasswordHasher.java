package org.iems.directory.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Hashes passwords with Argon2id (RFC 9106) and stores them in the PHC string format
 * {@code $argon2id$v=19$m=<KiB>,t=<iterations>,p=<lanes>$<salt>$<hash>}, which Dovecot and
 * libargon2 also read. The cost parameters travel with each hash, so changing them affects
 * new hashes only and old ones still verify.
 */
final class PasswordHasher {

    private static final String PREFIX = "$argon2id$v=19$";
    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getDecoder();

    private final SecureRandom random = new SecureRandom();
    private final int memoryKib;
    private final int iterations;
    private final int parallelism;
    private final String dummyHash;

    /**
     * @param memoryKib memory cost in KiB
     * @param iterations time cost
     * @param parallelism lanes
     */
    PasswordHasher(int memoryKib, int iterations, int parallelism) {
        if (memoryKib < 8 * parallelism || iterations < 1 || parallelism < 1) {
            throw new IllegalArgumentException("invalid Argon2 parameters m=" + memoryKib + " t=" + iterations
                    + " p=" + parallelism);
        }
        this.memoryKib = memoryKib;
        this.iterations = iterations;
        this.parallelism = parallelism;
        this.dummyHash = hash("not a password of anyone");
    }

    /**
     * Hashes a password with a new random salt.
     *
     * @param password the clear-text password
     * @return the PHC string
     */
    String hash(String password) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        byte[] hash = derive(password, salt, memoryKib, iterations, parallelism, HASH_BYTES);
        return PREFIX + "m=" + memoryKib + ",t=" + iterations + ",p=" + parallelism + "$" + B64.encodeToString(salt)
                + "$" + B64.encodeToString(hash);
    }

    /**
     * Checks a password against a stored hash in constant time (for a given hash length).
     *
     * @param password the password to check
     * @param encoded the stored PHC string
     * @return {@code true} if it matches; {@code false} also for a malformed stored hash
     */
    boolean verify(char[] password, String encoded) {
        Phc phc = Phc.parse(encoded);
        if (phc == null) {
            return false;
        }
        byte[] candidate = derive(new String(password), phc.salt, phc.memory, phc.iterations, phc.parallelism,
                phc.hash.length);
        return MessageDigest.isEqual(candidate, phc.hash);
    }

    /**
     * Whether a stored string is an Argon2id PHC string this class can verify.
     *
     * @param encoded the string
     * @return whether it is
     */
    static boolean readable(String encoded) {
        return Phc.parse(encoded) != null;
    }

    /**
     * Spends the time of one verification on a hash no password matches, so that an unknown
     * user takes as long to refuse as a wrong password.
     *
     * @param password the password the client sent
     */
    void verifyNothing(char[] password) {
        verify(password, dummyHash);
    }

    private static byte[] derive(String password, byte[] salt, int memory, int iterations, int parallelism,
            int length) {
        Argon2Parameters params = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withSalt(salt).withMemoryAsKB(memory).withIterations(iterations).withParallelism(parallelism)
                .build();
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(params);
        byte[] out = new byte[length];
        byte[] secret = password.getBytes(StandardCharsets.UTF_8);
        generator.generateBytes(secret, out);
        Arrays.fill(secret, (byte) 0);
        return out;
    }

    /** The parts of a PHC string; {@code null} from {@link #parse} if it is not one we read. */
    private record Phc(int memory, int iterations, int parallelism, byte[] salt, byte[] hash) {

        static Phc parse(String encoded) {
            if (encoded == null || !encoded.startsWith(PREFIX)) {
                return null;
            }
            String[] parts = encoded.substring(PREFIX.length()).split("\\$");
            if (parts.length != 3) {
                return null;
            }
            try {
                int m = 0;
                int t = 0;
                int p = 0;
                for (String param : parts[0].split(",")) {
                    String[] kv = param.split("=", 2);
                    int value = Integer.parseInt(kv[1]);
                    switch (kv[0]) {
                        case "m" -> m = value;
                        case "t" -> t = value;
                        case "p" -> p = value;
                        default -> {
                            return null;
                        }
                    }
                }
                byte[] salt = B64D.decode(parts[1]);
                byte[] hash = B64D.decode(parts[2]);
                if (m < 8 * p || t < 1 || p < 1 || salt.length < 8 || hash.length < 16) {
                    return null;
                }
                return new Phc(m, t, p, salt, hash);
            } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
                return null;
            }
        }
    }
}
