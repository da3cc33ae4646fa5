package org.iems.testsupport;

import java.lang.reflect.Proxy;
import java.util.Map;

/**
 * Builds a component's configuration annotation the way Declarative Services does: each
 * attribute's default, unless the property ({@code max.message.size} for
 * {@code max_message_size()}) is given. As DS does, a single value given for an array attribute
 * becomes an array of one element (a list setting read from a {@code .cfg} line).
 */
public final class Configs {

    private Configs() {
    }

    /**
     * Makes the configuration.
     *
     * @param type the {@code @ObjectClassDefinition} annotation type
     * @param properties property values that override defaults
     * @return the configuration
     */
    public static <T> T of(Class<T> type, Map<String, ?> properties) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            String property = method.getName().replace('_', '.');
            if (properties.containsKey(property)) {
                Object value = properties.get(property);
                return method.getReturnType() == String[].class && value instanceof String text ? new String[] {text}
                        : value;
            }
            return method.getDefaultValue();
        }));
    }
}
