package org.iems.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import javax.xml.parsers.DocumentBuilderFactory;
import org.iems.api.config.ListSettings;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Checks a shipped {@code etc/<pid>.cfg} against the metatype definition bnd generated for the
 * PID: every attribute listed with its default, and its description as the comment above it, so
 * the two never drift.
 */
public final class ShippedConfiguration {

    private ShippedConfiguration() {
    }

    /** The checkout's root, the nearest folder above the bundle's that holds {@code etc/} and {@code bundles/}. */
    private static Path repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("etc")) && Files.isDirectory(dir.resolve("bundles"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no checkout root (with etc/ and bundles/) above " + Path.of("").toAbsolutePath());
    }

    /**
     * Asserts that the repository's {@code etc/<pid>.cfg} matches the bundle's metatype.
     *
     * @param pid the configuration PID, for example {@code org.iems.smtpd}
     */
    public static void assertMatchesMetatype(String pid) throws Exception {
        Path cfg = repositoryRoot().resolve("etc/" + pid + ".cfg");
        Path metatype = Path.of("target/classes/OSGI-INF/metatype/" + pid + ".xml");
        Properties shipped = new Properties();
        try (Reader reader = Files.newBufferedReader(cfg, StandardCharsets.UTF_8)) {
            shipped.load(reader);
        }
        String text = Files.readString(cfg, StandardCharsets.UTF_8);
        NodeList ads = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(metatype.toFile())
                .getElementsByTagName("AD");
        Map<String, String> expected = new TreeMap<>();
        Set<String> lists = new HashSet<>();
        for (int i = 0; i < ads.getLength(); i++) {
            Element ad = (Element) ads.item(i);
            String property = ad.getAttribute("id");
            if (!ad.getAttribute("cardinality").isEmpty()) {
                lists.add(property);
            }
            // metatype escapes separators in defaults ("a\\ b"); a list's default is comma-separated
            expected.put(property, ad.getAttribute("default").replaceAll("\\\\(.)", "$1"));
            assertThat(text).as("description of " + property)
                    .contains("# " + ad.getAttribute("description") + "\n" + property + " =");
        }
        assertThat(expected).as("attributes of " + pid).isNotEmpty();
        Map<String, String> actual = new TreeMap<>();
        shipped.forEach((k, v) -> actual.put((String) k, (String) v));
        // a list is compared item by item: the file may separate items by spaces or commas
        for (String list : lists) {
            expected.computeIfPresent(list, (k, v) -> String.join(" ", ListSettings.items(v)));
            actual.computeIfPresent(list, (k, v) -> String.join(" ", ListSettings.items(v)));
        }
        assertThat(actual).as(cfg.toString()).isEqualTo(expected);
    }
}
