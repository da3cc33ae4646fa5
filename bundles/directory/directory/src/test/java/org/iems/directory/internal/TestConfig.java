package org.iems.directory.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.iems.testsupport.Configs;

/** Builds a {@link DirectoryConfiguration} the way DS does: attribute defaults, some overridden. */
public final class TestConfig {

    private TestConfig() {
    }

    /**
     * Keys are the property names ({@code imap.default.domain}). Cheap Argon2 cost unless given;
     * the postmaster's first password goes to a new temporary folder, never the working folder.
     */
    public static DirectoryConfiguration directory(Map<String, Object> overrides) {
        Map<String, Object> values = new HashMap<>();
        values.put("password.argon2.memory.kib", 64);
        values.put("password.argon2.iterations", 1);
        try {
            Path folder = Files.createTempDirectory("iems-first-start");
            Path file = folder.resolve("postmaster.password");
            // deleted in the reverse order of registration: the file, then its folder
            folder.toFile().deleteOnExit();
            file.toFile().deleteOnExit();
            values.put("postmaster.password.file", file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        values.putAll(overrides);
        return Configs.of(DirectoryConfiguration.class, values);
    }
}
