package org.iems.directory.internal;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.iems.api.directory.BulkMode;
import org.iems.api.directory.Directory;
import org.iems.api.directory.NewAccount;
import org.iems.api.mail.DomainName;
import org.iems.api.mail.MailAddress;
import org.iems.api.storage.PrivateFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * On an empty directory, creates the local domain and {@code postmaster@} it with a random
 * password, stored only hashed in the directory and written once to a file only the server's user
 * can read; the console and the log say where, never what (ADR 0013).
 */
final class FirstStart {

    private static final Logger LOG = LoggerFactory.getLogger(FirstStart.class);
    private static final int PASSWORD_LENGTH = 20;

    /**
     * Sets the directory up if it holds no domain yet.
     *
     * @param directory the directory
     * @param localDomain the domain to create
     * @param passwordFile where the postmaster's password goes (mode 0600)
     * @param console where the operator starting IEMS in the foreground looks: the Karaf console
     * @return {@code true} if it created the domain and postmaster
     */
    boolean initialise(Directory directory, DomainName localDomain, Path passwordFile, PrintStream console) {
        if (!directory.listDomains().isEmpty()) {
            return false;
        }
        directory.addDomain(localDomain);
        MailAddress postmaster = MailAddress.of("postmaster", localDomain);
        String password = PrivateFiles.randomPassword(PASSWORD_LENGTH);
        directory.addAccounts(List.of(new NewAccount(postmaster, password, "Postmaster", NewAccount.DEFAULT_QUOTA)),
                BulkMode.ALL_OR_NOTHING);
        try {
            PrivateFiles.write(passwordFile, (password + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            LOG.error("IEMS first start: cannot write the postmaster's password to {} ({}); set one with"
                    + " iems:user-passwd {}", passwordFile, e.toString(), postmaster);
            return true;
        }
        String notice = "IEMS first start: created domain " + localDomain + " and account " + postmaster
                + "; its password is in " + passwordFile + " (readable by the server's user only; change it with"
                + " iems:user-passwd, then delete the file)";
        LOG.info(notice);
        console.println(notice);
        return true;
    }
}
