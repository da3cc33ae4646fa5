package org.iems.net.internal.access;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Slows password guessing down, over every protocol: failed logins are counted per client (an
 * IPv4 address or an IPv6 prefix, see {@link AddressGroups}) and per account name tried, and the
 * reply to the next attempt waits by the {@link Backoff} of the larger count. The right password
 * is never refused, only answered late, so an attacker cannot lock a user out; and a success
 * clears only that account's count, never the client's, so logging in to one's own account does
 * not buy guesses at another's.
 */
public final class LoginThrottle {

    private static final Logger LOG = LoggerFactory.getLogger(LoginThrottle.class);
    private static final int MAX_KEYS = 100_000;
    private static final int LONGEST_ACCOUNT_NAME = 320;

    private final Backoff backoff;
    private final Duration window;
    private final AddressGroups groups;
    private final WindowedCounter<InetAddress> byClient;
    private final WindowedCounter<String> byAccount;

    /**
     * @param backoff free failures and the longest delay
     * @param window how long a failure counts
     * @param groups how client addresses are grouped
     * @param clock the time source
     */
    public LoginThrottle(Backoff backoff, Duration window, AddressGroups groups, Clock clock) {
        this.backoff = backoff;
        this.window = window;
        this.groups = groups;
        this.byClient = new WindowedCounter<>(window, MAX_KEYS, clock);
        this.byAccount = new WindowedCounter<>(window, MAX_KEYS, clock);
    }

    /**
     * How long the reply to a login attempt must wait.
     *
     * @param client the client's address
     * @param account the login name tried
     * @return zero unless the client or the account failed more than the free failures recently
     */
    public Duration delay(InetAddress client, String account) {
        return backoff.delay(Math.max(byClient.count(groups.groupOf(client)), byAccount.count(key(account))));
    }

    /**
     * Records a failed login; the first failure that makes later attempts wait is logged, once per
     * burst.
     *
     * @param client the client's address
     * @param account the login name tried
     */
    public void failed(InetAddress client, String account) {
        InetAddress group = groups.groupOf(client);
        if (byClient.record(group) == backoff.free()) {
            LOG.warn("login throttle: client {} failed {} logins within {} s; its login replies are delayed, up to {} s,"
                    + " until it stops failing", groups.describe(group), backoff.free(), window.toSeconds(),
                    backoff.max().toSeconds());
        }
        String name = key(account);
        if (byAccount.record(name) == backoff.free()) {
            LOG.warn("login throttle: account {} had {} failed logins within {} s; login replies for it are delayed,"
                    + " up to {} s, until the failures stop", printable(name), backoff.free(), window.toSeconds(),
                    backoff.max().toSeconds());
        }
    }

    /**
     * Records a successful login: the account's own failures are forgotten, the client's are not.
     *
     * @param account the login name
     */
    public void succeeded(String account) {
        byAccount.clear(key(account));
    }

    private static String key(String account) {
        String name = account.strip().toLowerCase(Locale.ROOT);
        return name.length() > LONGEST_ACCOUNT_NAME ? name.substring(0, LONGEST_ACCOUNT_NAME) : name;
    }

    /**
     * A login name as it may go into a log line: no line breaks or other controls an attacker sent.
     *
     * @param text the name as given
     * @return the name with every control character replaced by {@code ?}
     */
    public static String printable(String text) {
        return text.replaceAll("\\p{Cntrl}", "?");
    }
}
