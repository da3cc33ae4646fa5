package org.iems.shell.internal;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.iems.api.directory.Account;
import org.iems.api.mail.MailAddress;

/** {@code iems:user-quota}. */
@Service
@Command(scope = "iems", name = "user-quota", description = "Sets what an account's mailboxes may hold, in bytes and in"
        + " messages; applies to the next delivery.")
public class UserQuotaCommand extends DirectoryCommand {

    @Argument(index = 0, name = "address", required = true, description = "The account's address")
    @Completion(AccountCompleter.class)
    String address;

    @Option(name = "--bytes", aliases = "-b", description = "Most bytes: a number, or with K/M/G/T; 0 = unlimited;"
            + " unchanged if not given")
    String bytes;

    @Option(name = "--messages", aliases = "-m", description = "Most messages; 0 = unlimited; unchanged if not given")
    String messages;

    @Override
    protected void run() {
        MailAddress account = Args.address(address);
        if (bytes == null && messages == null) {
            throw new CommandException("give --bytes, --messages or both");
        }
        Account current = directory.findAccount(account).orElseThrow(() -> new CommandException("no account " + account));
        long newBytes = bytes == null ? current.quotaBytes() : Args.quota(bytes);
        long newMessages = messages == null ? current.quotaMessages() : count(messages);
        directory.setQuota(account, newBytes, newMessages);
        out().println("Quota of " + account + ": " + (newBytes == 0 ? "unlimited" : newBytes + " bytes") + ", "
                + (newMessages == 0 ? "unlimited" : newMessages + " messages"));
    }

    private static long count(String text) {
        try {
            long n = Long.parseLong(text.strip());
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below, with the value given
        }
        throw new CommandException("--messages: '" + text + "' is not a number of messages (0 = unlimited)");
    }
}
