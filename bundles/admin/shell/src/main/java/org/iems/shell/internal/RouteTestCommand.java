package org.iems.shell.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.iems.api.directory.RecipientResolution;
import org.iems.api.directory.RecipientResolver;
import org.iems.api.mail.DomainName;
import org.iems.api.mail.MailAddress;
import org.iems.api.route.RemoteRoute;
import org.iems.api.route.RemoteRouting;

/** {@code iems:route-test <address>}. */
@Service
@Command(scope = "iems", name = "route-test", description = "Says how mail to an address would be delivered: a local"
        + " account, an alias and its members, or a remote domain's next hop and servers.")
public class RouteTestCommand extends IemsCommand {

    @Argument(index = 0, name = "address", required = true, description = "The recipient address")
    String address;

    @Reference
    RecipientResolver resolver;

    @Reference(optional = true)
    RemoteRouting routing;

    @Override
    protected void run() {
        MailAddress recipient = Args.address(address);
        RecipientResolution resolution = resolver.resolve(recipient);
        switch (resolution.kind()) {
            case ACCOUNT -> out().println(recipient + ": local account " + resolution.accounts().get(0)
                    + ", channel local (INBOX)");
            case UNKNOWN -> out().println(recipient + ": no such user in a local domain (5.1.1)");
            case REMOTE -> out().println(recipient + ": remote, channel smtp");
            case ALIAS -> {
                out().println(recipient + ": alias of " + (resolution.accounts().size() + resolution.remote().size())
                        + " address(es)");
                resolution.accounts().forEach(a -> out().println("  " + a + ": local account, channel local (INBOX)"));
                resolution.remote().forEach(r -> out().println("  " + r + ": remote, channel smtp"));
                resolution.unresolved().forEach(u -> out().println("  " + u + ": no such user (5.1.1)"));
            }
        }
        Map<DomainName, RemoteRoute> routes = new LinkedHashMap<>();
        resolution.remote().forEach(r -> routes.computeIfAbsent(r.domain(), this::route));
        routes.forEach(this::print);
    }

    private RemoteRoute route(DomainName domain) {
        return routing == null ? null : routing.route(domain);
    }

    private void print(DomainName domain, RemoteRoute route) {
        if (route == null) {
            out().println("  " + domain + ": no outbound SMTP channel is running (feature iems-smtp-out);"
                    + " the mail waits in the queue");
            return;
        }
        String source = switch (route.source()) {
            case TRANSPORT_MAP -> "transport map";
            case SMART_HOST -> "smart host";
            case MX -> "MX";
        };
        out().println("  " + domain + ": next hop " + route.nextHop() + " (" + source + ")"
                + (route.tlsRequired() ? ", TLS required" : "") + (route.peer() ? ", peer domain" : ""));
        route.problem().ifPresent(p -> out().println("    " + p));
        for (int i = 0; i < route.addresses().size(); i++) {
            out().println("    " + (i + 1) + ". " + route.addresses().get(i));
        }
    }
}
