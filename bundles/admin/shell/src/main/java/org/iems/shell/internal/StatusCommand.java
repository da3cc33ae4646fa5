package org.iems.shell.internal;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.iems.api.net.Listener;
import org.iems.api.net.NetworkService;
import org.iems.api.queue.ManageableQueue;
import org.iems.api.queue.QueueStats;
import org.osgi.service.component.runtime.ServiceComponentRuntime;

/**
 * {@code iems:status}: the monitoring responder of the original product — every IEMS component
 * with its state, the listeners with their addresses and open sessions, and the queue by state.
 */
@Service
@Command(scope = "iems", name = "status", description = "Shows every IEMS component with its state (active, stopped,"
        + " waiting for a service or its configuration, failed and why), every listener with its address and open"
        + " sessions, the queue's depths by state, and the uptime.")
public class StatusCommand extends IemsCommand {

    @Reference
    ServiceComponentRuntime scr;

    @Reference(optional = true)
    NetworkService net;

    @Reference(optional = true)
    ManageableQueue queue;

    @Override
    protected void run() {
        Duration up = Duration.ofMillis(ManagementFactory.getRuntimeMXBean().getUptime());
        out().printf("Up %dd %02d:%02d:%02d%n", up.toDays(), up.toHoursPart(), up.toMinutesPart(), up.toSecondsPart());
        out().println();
        out().printf("%-26s %s%n", "Component", "State");
        for (IemsComponents.Component c : new IemsComponents(scr).all()) {
            out().printf("%-26s %s%n", c.name(), c.state(scr));
        }
        out().println();
        List<Listener> listeners = net == null ? List.of() : net.listeners();
        out().printf("%-14s %-28s %-5s %s%n", "Listener", "Address", "TLS", "Open sessions");
        if (net == null) {
            out().println("(the network service is not running)");
        }
        for (Listener l : listeners) {
            out().printf("%-14s %-28s %-5s %d%n", l.spec().name(),
                    l.boundAddress().map(a -> a.getAddress().getHostAddress() + ":" + a.getPort()).orElse("not bound"),
                    l.spec().implicitTls() ? "yes" : "no", l.openConnections());
        }
        out().println();
        if (queue == null) {
            out().println("Queue: not running");
            return;
        }
        QueueStats s = queue.stats();
        StringBuilder states = new StringBuilder();
        s.recipients().forEach((state, n) -> states.append(", ").append(state.name().toLowerCase(Locale.ROOT))
                .append(' ').append(n));
        out().println("Queue: " + s.entries() + " messages (" + s.held() + " held)" + states
                + s.oldest().map(o -> ", oldest " + o).orElse(""));
    }
}
