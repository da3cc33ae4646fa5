package org.iems.directory.internal;

import java.util.HashMap;
import java.util.Map;
import org.iems.testsupport.Configs;

/** Builds a {@link DirectoryConfiguration} the way DS does: attribute defaults, some overridden. */
final class TestConfig {

    private TestConfig() {
    }

    /** Keys are the property names ({@code imap.default.domain}). Cheap Argon2 cost unless given. */
    static DirectoryConfiguration directory(Map<String, Object> overrides) {
        Map<String, Object> values = new HashMap<>();
        values.put("password.argon2.memory.kib", 64);
        values.put("password.argon2.iterations", 1);
        values.putAll(overrides);
        return Configs.of(DirectoryConfiguration.class, values);
    }
}
