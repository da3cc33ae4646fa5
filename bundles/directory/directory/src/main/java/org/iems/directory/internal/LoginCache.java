package org.iems.directory.internal;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.iems.api.mail.MailAddress;

/**
 * Remembers recent successful password checks, so a client that logs in again and again (a mail
 * program polling every minute, many parallel sessions) costs one Argon2id run per time to live
 * instead of one per login, as Dovecot's auth cache does. What is kept per account is the
 * stored hash the password was checked against and an HMAC-SHA256 of the password under a key
 * made at random when the directory starts and never stored: not the password, and nothing an
 * attacker could test guesses against offline without that key. A changed password (a new
 * stored hash) misses at once; failures are never cached.
 *
 * <p>It also spaces out the last-login writes: an account's last-login time is written at most
 * once a minute while its logins succeed.
 */
final class LoginCache {

    private static final String MAC = "HmacSHA256";
    private static final int MAX_ENTRIES = 100_000;
    private static final Duration LAST_LOGIN_GRANULARITY = Duration.ofMinutes(1);

    private record Entry(String storedHash, byte[] mac, Instant expires) {
    }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final Map<String, Instant> lastLoginWritten = new ConcurrentHashMap<>();
    private final Supplier<Duration> timeToLive;
    private final Clock clock;
    private final SecretKeySpec key;

    /**
     * @param timeToLive how long a success is remembered; zero turns the cache off
     */
    LoginCache(Supplier<Duration> timeToLive, Clock clock) {
        this.timeToLive = timeToLive;
        this.clock = clock;
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        this.key = new SecretKeySpec(secret, MAC);
    }

    /** Whether this password was verified against this stored hash within the time to live. */
    boolean verifiedRecently(MailAddress account, String storedHash, char[] password) {
        Entry entry = entries.get(account.key());
        if (entry == null || !entry.storedHash().equals(storedHash) || !clock.instant().isBefore(entry.expires())) {
            return false;
        }
        return MessageDigest.isEqual(entry.mac(), mac(password));
    }

    /** Remembers a successful check. */
    void verified(MailAddress account, String storedHash, char[] password) {
        Duration ttl = timeToLive.get();
        if (ttl.isZero() || ttl.isNegative()) {
            entries.clear();
            return;
        }
        if (entries.size() >= MAX_ENTRIES) {
            entries.clear();
        }
        entries.put(account.key(), new Entry(storedHash, mac(password), clock.instant().plus(ttl)));
    }

    /** A failed login: the account's next success writes its last-login time (and resets the count). */
    void failed(MailAddress account) {
        entries.remove(account.key());
        lastLoginWritten.remove(account.key());
    }

    /** Whether a success now should be written as the last-login time; if so, counts it as written. */
    boolean lastLoginDue(MailAddress account) {
        Instant now = clock.instant();
        Instant last = lastLoginWritten.get(account.key());
        if (last != null && now.isBefore(last.plus(LAST_LOGIN_GRANULARITY))) {
            return false;
        }
        if (lastLoginWritten.size() >= MAX_ENTRIES) {
            lastLoginWritten.clear();
        }
        lastLoginWritten.put(account.key(), now);
        return true;
    }

    private byte[] mac(char[] password) {
        ByteBuffer bytes = StandardCharsets.UTF_8.encode(CharBuffer.wrap(password));
        byte[] plain = new byte[bytes.remaining()];
        bytes.get(plain);
        try {
            Mac mac = Mac.getInstance(MAC);
            mac.init(key);
            return mac.doFinal(plain);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("every Java has " + MAC, e);
        } finally {
            Arrays.fill(plain, (byte) 0);
            if (bytes.hasArray()) {
                Arrays.fill(bytes.array(), (byte) 0);
            }
        }
    }
}
