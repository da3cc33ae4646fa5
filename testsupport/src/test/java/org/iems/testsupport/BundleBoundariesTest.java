package org.iems.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The house rule that bundles meet only through the api, checked on the sources: no bundle's
 * code, main or test, imports another bundle's {@code internal} or {@code protocol} packages.
 * A test that needs another bundle's real implementation takes it from that bundle's
 * {@code testkit} package (its test jar), which hands out api types only.
 */
class BundleBoundariesTest {

    private static final Path BUNDLES = Path.of("..", "bundles");
    private static final Pattern IMPORT = Pattern.compile(
            "^import (?:static )?org\\.iems\\.([a-z0-9]+)\\.((?:internal|protocol)\\b[\\w.]*)", Pattern.MULTILINE);

    @Test
    void noBundleImportsAnotherBundlesInternals() throws IOException {
        List<Path> bundles = bundleFolders();
        assertThat(bundles).as("the bundles are found from the testsupport module").hasSizeGreaterThan(10);
        List<String> crossings = new ArrayList<>();
        for (Path bundle : bundles) {
            String own = ownPackage(bundle);
            for (Path source : javaSources(bundle.resolve("src"))) {
                Matcher m = IMPORT.matcher(Files.readString(source));
                while (m.find()) {
                    if (!m.group(1).equals(own)) {
                        crossings.add(BUNDLES.relativize(source) + " imports org.iems." + m.group(1) + "." + m.group(2));
                    }
                }
            }
        }
        assertThat(crossings).isEmpty();
    }

    @Test
    void theRuleSeesACrossing() {
        Matcher m = IMPORT.matcher("package org.iems.smtpd.internal;\n\nimport org.iems.queue.internal.JdbcMessageQueue;\n");
        assertThat(m.find()).isTrue();
        assertThat(m.group(1)).isEqualTo("queue");
        assertThat(IMPORT.matcher("import org.iems.queue.testkit.TestQueue;\nimport org.iems.api.queue.QueueEntry;\n").find())
                .isFalse();
    }

    /** Each bundle is a folder two levels down (role folder, then bundle) with a pom. */
    private static List<Path> bundleFolders() throws IOException {
        try (Stream<Path> roles = Files.list(BUNDLES)) {
            return roles.filter(Files::isDirectory).flatMap(BundleBoundariesTest::children)
                    .filter(b -> Files.exists(b.resolve("pom.xml"))).sorted().toList();
        }
    }

    private static Stream<Path> children(Path folder) {
        try (Stream<Path> list = Files.list(folder)) {
            return list.filter(Files::isDirectory).toList().stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The package under {@code org.iems} that a bundle's main code lives in. */
    private static String ownPackage(Path bundle) throws IOException {
        try (Stream<Path> packages = Files.list(bundle.resolve("src/main/java/org/iems"))) {
            return packages.map(p -> p.getFileName().toString()).findFirst().orElseThrow();
        }
    }

    private static List<Path> javaSources(Path folder) throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(f -> f.toString().endsWith(".java")).toList();
        }
    }
}
