package org.iems.shell.internal;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;

/**
 * The IEMS components as Declarative Services knows them, by the names operators use: the
 * configuration PID ({@code org.iems.smtpd}, or {@code smtpd}) where a component has one, else its
 * class's simple name ({@code LocalDelivery}).
 */
final class IemsComponents {

    private static final String PREFIX = "org.iems.";

    private final ServiceComponentRuntime scr;

    IemsComponents(ServiceComponentRuntime scr) {
        this.scr = scr;
    }

    /** One component: its name, its description and its configurations (none while disabled). */
    record Component(String name, ComponentDescriptionDTO description, List<ComponentConfigurationDTO> configurations) {

        boolean enabled(ServiceComponentRuntime scr) {
            return scr.isComponentEnabled(description);
        }

        /** The state in words: active, disabled, waiting for …, failed: … */
        String state(ServiceComponentRuntime scr) {
            if (!enabled(scr)) {
                return "stopped";
            }
            if (configurations.isEmpty()) {
                return "waiting for its configuration";
            }
            ComponentConfigurationDTO c = configurations.get(0);
            return switch (c.state) {
                case ComponentConfigurationDTO.ACTIVE -> "active";
                case ComponentConfigurationDTO.SATISFIED -> "satisfied (not yet used)";
                case ComponentConfigurationDTO.UNSATISFIED_CONFIGURATION -> "waiting for its configuration";
                case ComponentConfigurationDTO.UNSATISFIED_REFERENCE -> "waiting for "
                        + String.join(", ", java.util.Arrays.stream(c.unsatisfiedReferences)
                                .map(r -> r.name).toList());
                case ComponentConfigurationDTO.FAILED_ACTIVATION -> "failed: " + firstLine(c.failure);
                default -> "state " + c.state;
            };
        }
    }

    /** Every IEMS component, by name. */
    List<Component> all() {
        return scr.getComponentDescriptionDTOs().stream().filter(d -> d.bundle.symbolicName.startsWith(PREFIX))
                .map(d -> new Component(nameOf(d), d, List.copyOf(scr.getComponentConfigurationDTOs(d))))
                .sorted(Comparator.comparing(Component::name)).toList();
    }

    /**
     * The component an operator names: its PID ({@code org.iems.smtpd}), the PID without
     * {@code org.iems.} ({@code smtpd}), its class's simple name or its full component name,
     * without regard to case.
     */
    Optional<Component> find(String name) {
        String wanted = name.toLowerCase(Locale.ROOT);
        return all().stream().filter(c -> {
            String n = c.name().toLowerCase(Locale.ROOT);
            return n.equals(wanted) || n.equals(PREFIX + wanted) || c.description().name.equalsIgnoreCase(name)
                    || simpleName(c.description().name).equalsIgnoreCase(name);
        }).findFirst();
    }

    private static String nameOf(ComponentDescriptionDTO d) {
        for (String pid : d.configurationPid) {
            // a component without a PID of its own has its class name as PID
            if (pid.startsWith(PREFIX) && !pid.equals(d.name)) {
                return pid;
            }
        }
        return simpleName(d.name);
    }

    private static String simpleName(String name) {
        return name.substring(name.lastIndexOf('.') + 1);
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "(no reason given)";
        }
        String first = text.strip().lines().findFirst().orElse("");
        return first.length() > 160 ? first.substring(0, 160) + "…" : first;
    }
}
