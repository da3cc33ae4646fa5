package org.iems.api.config;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.iems.api.net.AddressRange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds the properties Configuration Admin delivers against a component's metatype interface
 * (its {@code @ObjectClassDefinition}), before the component applies them. Each attribute method
 * of the interface names a property (OSGi's mapping: {@code mx_port()} is {@code mx.port}) and
 * its return type the values it takes:
 * <ul>
 * <li>{@code int} and {@code long}: a whole number that fits, within the method's {@link Range}
 * (0 and up without one);</li>
 * <li>{@code boolean}: {@code true} or {@code false};</li>
 * <li>{@code String}, and {@code String[]} for a list setting (see {@link ListSettings}): anything,
 * unless marked {@link Networks} (a list of networks) or {@link OneOf} (one of some words).</li>
 * </ul>
 * A missing property takes its default; a property the interface does not define is reported,
 * since it is most often a misspelt key. Declarative Services would coerce {@code "abc"} to 0 and
 * {@code "yes"} to false; a component that checks first refuses the change instead and keeps
 * its running configuration.
 */
public final class ConfigurationCheck {

    /** Properties every configuration carries that no metatype interface names. */
    private static final List<String> FRAMEWORK_PREFIXES = List.of("component.", "service.", "felix.fileinstall.",
            "osgi.ds.");

    private static final Logger LOG = LoggerFactory.getLogger(ConfigurationCheck.class);

    private final String pid;
    private final Map<String, Method> attributes;

    private ConfigurationCheck(String pid, Map<String, Method> attributes) {
        this.pid = pid;
        this.attributes = attributes;
    }

    /**
     * The check for one metatype interface.
     *
     * @param pid the configuration's PID, named in messages
     * @param type the component's configuration interface
     * @return its check
     */
    public static ConfigurationCheck of(String pid, Class<?> type) {
        return new ConfigurationCheck(pid, Arrays.stream(type.getMethods())
                .filter(m -> m.getParameterCount() == 0 && Modifier.isAbstract(m.getModifiers()))
                .collect(Collectors.toUnmodifiableMap(m -> key(m.getName()), Function.identity())));
    }

    /**
     * Checks a changed configuration, then applies it: the way every IEMS component takes a change
     * live. Unknown keys are warned about; a value the check refuses, or that the component's own
     * reading refuses with an {@link IllegalArgumentException}, is logged in one line naming the
     * component and the key, and the running configuration stays.
     *
     * @param what the component as operators know it ({@code POP3}, {@code Queue} …), for the log
     * @param properties the properties as delivered
     * @param apply reads the new configuration and takes it into use; throws
     *        {@link IllegalArgumentException} to refuse it before it changed anything
     * @return whether the change was applied
     * @since 1.1
     */
    public boolean applyChange(String what, Map<String, ?> properties, Runnable apply) {
        try {
            validate(properties).ifPresent(LOG::warn);
            apply.run();
        } catch (IllegalArgumentException e) {
            LOG.error("{} configuration refused, the running one stays: {}", what, e.getMessage());
            return false;
        }
        LOG.info("{} configuration applied", what);
        return true;
    }

    /**
     * Checks the properties of one configuration.
     *
     * @param properties the properties as delivered (values as strings from a {@code .cfg} file, or
     *        typed)
     * @return a warning to log if some keys are defined by no attribute (the component ignores them)
     * @throws InvalidConfigurationException for the first value refused, in key order
     */
    public Optional<String> validate(Map<String, ?> properties) {
        attributes.entrySet().stream().sorted(Map.Entry.comparingByKey(Comparator.naturalOrder()))
                .filter(e -> properties.get(e.getKey()) != null)
                .forEach(e -> check(e.getKey(), e.getValue(), properties.get(e.getKey())));
        Set<String> unknown = properties.keySet().stream().filter(k -> !attributes.containsKey(k))
                .filter(k -> FRAMEWORK_PREFIXES.stream().noneMatch(k::startsWith) && !k.endsWith(".target"))
                .collect(Collectors.toCollection(TreeSet::new));
        return unknown.isEmpty() ? Optional.empty()
                : Optional.of(pid + ": unknown keys ignored (misspelt?): " + String.join(", ", unknown));
    }

    private void check(String key, Method attribute, Object value) {
        Class<?> type = attribute.getReturnType();
        if (type == int.class || type == long.class) {
            long number = number(key, value, type == int.class ? Integer.MAX_VALUE : Long.MAX_VALUE);
            Range range = attribute.getAnnotation(Range.class);
            long min = range == null ? 0 : range.min();
            long max = range == null ? Long.MAX_VALUE : range.max();
            if (number < min || number > max) {
                throw new InvalidConfigurationException(pid, key, value, max == Long.MAX_VALUE ? "must be at least " + min
                        : "must be from " + min + " to " + max);
            }
        } else if (type == boolean.class) {
            if (!(value instanceof Boolean) && !Set.of("true", "false").contains(text(value).toLowerCase(Locale.ROOT))) {
                throw new InvalidConfigurationException(pid, key, value, "must be true or false");
            }
        } else if (attribute.isAnnotationPresent(Networks.class)) {
            String list = text(value);
            try {
                AddressRange.parseList(list);
            } catch (IllegalArgumentException e) {
                throw new InvalidConfigurationException(pid, key, list, e.getMessage());
            }
        } else if (attribute.isAnnotationPresent(OneOf.class)) {
            List<String> words = List.of(attribute.getAnnotation(OneOf.class).value());
            if (words.stream().noneMatch(w -> w.equalsIgnoreCase(text(value)))) {
                throw new InvalidConfigurationException(pid, key, value, "must be one of " + String.join(", ", words));
            }
        }
    }

    private long number(String key, Object value, long largest) {
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        try {
            long number = Long.parseLong(text(value));
            if (number <= largest && number >= -largest - 1) {
                return number;
            }
        } catch (NumberFormatException e) {
            throw new InvalidConfigurationException(pid, key, value, "not a whole number");
        }
        throw new InvalidConfigurationException(pid, key, value, "too large");
    }

    private static String text(Object value) {
        if (value instanceof String[] array) {
            return String.join(" ", array);
        }
        if (value instanceof Collection<?> items) {
            return items.stream().map(String::valueOf).collect(Collectors.joining(" "));
        }
        return String.valueOf(value).strip();
    }

    /**
     * The property key of an attribute method, by the rules of Declarative Services (OSGi
     * Compendium 112.8.2.1): {@code $$} is {@code $}, {@code $_$} is {@code -}, a lone {@code $}
     * disappears, {@code __} is {@code _} and {@code _} is {@code .}.
     *
     * @param method the method's name
     * @return the key
     */
    static String key(String method) {
        StringBuilder key = new StringBuilder(method.length());
        for (int i = 0; i < method.length(); i++) {
            char c = method.charAt(i);
            if (c == '$') {
                if (method.startsWith("$$", i)) {
                    key.append('$');
                    i++;
                } else if (method.startsWith("$_$", i)) {
                    key.append('-');
                    i += 2;
                }
            } else if (c == '_') {
                if (method.startsWith("__", i)) {
                    key.append('_');
                    i++;
                } else {
                    key.append('.');
                }
            } else {
                key.append(c);
            }
        }
        return key.toString();
    }
}
