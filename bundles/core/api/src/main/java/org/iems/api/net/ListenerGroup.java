package org.iems.api.net;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * A daemon's listeners, kept in step with its configuration: {@link #apply} binds the listeners
 * that are new, updates those that exist (a changed address rebinds; open connections carry on)
 * and closes those no longer wanted. Listeners are told apart by {@link ListenerSpec#name()}.
 */
public final class ListenerGroup implements AutoCloseable {

    private final NetworkService net;
    private final Map<String, Listener> listeners = new LinkedHashMap<>();

    /**
     * @param net the network service that binds the listeners
     */
    public ListenerGroup(NetworkService net) {
        this.net = net;
    }

    /**
     * Makes exactly these listeners run.
     *
     * @param wanted the enabled listeners' specs
     * @param handlers the handler factory for a listener, by its name; asked when it is first bound
     */
    public synchronized void apply(List<ListenerSpec> wanted, Function<String, ConnectionHandlerFactory> handlers) {
        Set<String> names = new HashSet<>();
        for (ListenerSpec spec : wanted) {
            names.add(spec.name());
            Listener current = listeners.get(spec.name());
            if (current == null) {
                listeners.put(spec.name(), net.listen(spec, handlers.apply(spec.name())));
            } else {
                current.update(spec);
            }
        }
        listeners.entrySet().removeIf(e -> {
            if (names.contains(e.getKey())) {
                return false;
            }
            e.getValue().close();
            return true;
        });
    }

    /**
     * One listener, while it runs.
     *
     * @param name its spec's name
     * @return the listener, or empty if it is not wanted now
     */
    public synchronized Optional<Listener> get(String name) {
        return Optional.ofNullable(listeners.get(name));
    }

    /** Closes every listener (when the daemon stops). */
    @Override
    public synchronized void close() {
        listeners.values().forEach(Listener::close);
        listeners.clear();
    }
}
