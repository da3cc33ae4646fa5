package org.iems.directory.internal;

import java.io.PrintStream;
import java.security.SecureRandom;
import java.util.List;
import org.iems.api.directory.BulkMode;
import org.iems.api.directory.Directory;
import org.iems.api.directory.NewAccount;
import org.iems.api.mail.DomainName;
import org.iems.api.mail.MailAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * On an empty directory, creates the local domain and {@code postmaster@} it with a random
 * password, which is shown once (console and log) and stored only hashed.
 */
final class FirstStart {

    private static final Logger LOG = LoggerFactory.getLogger(FirstStart.class);
    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    private static final int PASSWORD_LENGTH = 20;

    private final SecureRandom random = new SecureRandom();

    /**
     * Sets the directory up if it holds no domain yet.
     *
     * @param directory the directory
     * @param localDomain the domain to create
     * @param console where the operator sees the password: the Karaf console. The log gets it
     *        too; the console is the one place an operator starting IEMS in the foreground
     *        surely looks, so the "printed on the console" cannot go through logging only.
     * @return {@code true} if it created the domain and postmaster
     */
    boolean initialise(Directory directory, DomainName localDomain, PrintStream console) {
        if (!directory.listDomains().isEmpty()) {
            return false;
        }
        directory.addDomain(localDomain);
        MailAddress postmaster = MailAddress.of("postmaster", localDomain);
        String password = randomPassword();
        directory.addAccounts(List.of(new NewAccount(postmaster, password, "Postmaster", NewAccount.DEFAULT_QUOTA)),
                BulkMode.ALL_OR_NOTHING);
        String notice = "IEMS first start: created domain " + localDomain + " and account " + postmaster
                + " with password " + password + " (shown only this once; change it with iems:user-passwd)";
        LOG.warn(notice);
        console.println(notice);
        return true;
    }

    private String randomPassword() {
        StringBuilder password = new StringBuilder(PASSWORD_LENGTH);
        for (int i = 0; i < PASSWORD_LENGTH; i++) {
            password.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return password.toString();
    }
}
