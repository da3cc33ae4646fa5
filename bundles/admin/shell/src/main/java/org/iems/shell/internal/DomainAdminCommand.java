package org.iems.shell.internal;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Completion;

/** Base of the commands that grant or withdraw a domain administrator's right. */
public abstract class DomainAdminCommand extends DirectoryCommand {

    @Argument(index = 0, name = "account", required = true, description = "The administrator's account")
    @Completion(AccountCompleter.class)
    String account;

    @Argument(index = 1, name = "domain", required = true, description = "The hosted domain")
    @Completion(DomainCompleter.class)
    String domain;
}
