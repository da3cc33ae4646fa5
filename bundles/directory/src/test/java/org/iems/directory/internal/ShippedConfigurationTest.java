package org.iems.directory.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * etc/org.iems.directory.cfg lists every attribute of the metatype definition bnd generates,
 * with its default and its description as the comment above it, so the two never drift.
 */
class ShippedConfigurationTest {

    private static final Path CFG = Path.of("../../etc/org.iems.directory.cfg");
    private static final Path METATYPE = Path.of("target/classes/OSGI-INF/metatype/org.iems.directory.xml");

    @Test
    void cfgFileMatchesTheMetatypeDefinition() throws Exception {
        Properties shipped = new Properties();
        try (Reader reader = Files.newBufferedReader(CFG, StandardCharsets.UTF_8)) {
            shipped.load(reader);
        }
        String text = Files.readString(CFG, StandardCharsets.UTF_8);
        NodeList ads = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(METATYPE.toFile())
                .getElementsByTagName("AD");
        Map<String, String> expected = new TreeMap<>();
        for (int i = 0; i < ads.getLength(); i++) {
            Element ad = (Element) ads.item(i);
            String property = ad.getAttribute("id");
            expected.put(property, ad.getAttribute("default"));
            assertThat(text).as("description of " + property)
                    .contains("# " + ad.getAttribute("description") + "\n" + property + " =");
        }
        assertThat(expected).isNotEmpty();
        Map<String, String> actual = new TreeMap<>();
        shipped.forEach((k, v) -> actual.put((String) k, (String) v));
        assertThat(actual).isEqualTo(expected);
    }
}
