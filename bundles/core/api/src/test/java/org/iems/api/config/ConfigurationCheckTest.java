package org.iems.api.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigurationCheckTest {

    /** A metatype interface as components declare them. */
    @interface Sample {
        @Range(min = Range.PORT_MIN, max = Range.PORT_MAX)
        int mx_port() default 25;

        long max_message_size() default 1024;

        @Range(min = 1)
        int max_errors() default 20;

        boolean tls_enabled() default true;

        @Networks
        String[] trusted_networks() default {"127.0.0.0/8"};

        @OneOf({"bounce", "delete"})
        String mail_for_invalid_local_user() default "bounce";

        String host_name() default "";

        String dataSource_target() default "(dataSourceName=iems)";

        String weird__name$_$x() default "";
    }

    private final ConfigurationCheck check = ConfigurationCheck.of("org.iems.sample", Sample.class);

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "mx.port | 99999 | org.iems.sample: mx.port = 99999: must be from 0 to 65535",
        "mx.port | -1 | org.iems.sample: mx.port = -1: must be from 0 to 65535",
        "mx.port | abc | org.iems.sample: mx.port = abc: not a whole number",
        "mx.port | 25 # the usual | org.iems.sample: mx.port = 25 # the usual: not a whole number",
        "mx.port | 4294967297 | org.iems.sample: mx.port = 4294967297: too large",
        "max.message.size | -1 | org.iems.sample: max.message.size = -1: must be at least 0",
        "max.message.size | 99999999999999999999 | org.iems.sample: max.message.size = 99999999999999999999: not a whole number",
        "max.errors | 0 | org.iems.sample: max.errors = 0: must be at least 1",
        "tls.enabled | yes | org.iems.sample: tls.enabled = yes: must be true or false",
        "trusted.networks | 10.0.0.0/33 | org.iems.sample: trusted.networks = 10.0.0.0/33: invalid prefix length in '10.0.0.0/33'",
        "mail.for.invalid.local.user | discard | org.iems.sample: mail.for.invalid.local.user = discard: must be one of bounce, delete",
    })
    void refusesAValueOutsideWhatTheAttributeTakesNamingTheKey(String key, String value, String message) {
        assertThatThrownBy(() -> check.validate(Map.of(key, value, "host.name", "mx.example.org")))
                .isInstanceOf(InvalidConfigurationException.class).hasMessage(message)
                .extracting(e -> ((InvalidConfigurationException) e).key()).isEqualTo(key);
    }

    @Test
    void aChangeIsAppliedOnlyWhenTheCheckAndTheComponentsOwnReadingAcceptIt() {
        java.util.List<String> applied = new java.util.ArrayList<>();
        assertThat(check.applyChange("Sample", Map.of("mx.port", "99999"), () -> applied.add("port"))).isFalse();
        assertThat(check.applyChange("Sample", Map.of("mx.port", "2525"), () -> {
            throw new IllegalArgumentException("the component refuses it");
        })).isFalse();
        assertThat(applied).isEmpty();
        assertThat(check.applyChange("Sample", Map.of("mx.port", "2525", "mx.prot", "1"), () -> applied.add("port")))
                .as("an unknown key is only warned about").isTrue();
        assertThat(applied).containsExactly("port");
    }

    @Test
    void acceptsGoodValuesAsStringsOrTypedAndMissingOnes() {
        Map<String, Object> properties = new HashMap<>();
        properties.put("mx.port", " 2525 ");
        properties.put("max.message.size", 10_000_000_000L);
        properties.put("max.errors", 3);
        properties.put("tls.enabled", "FALSE");
        properties.put("trusted.networks", new String[] {"10.0.0.0/8", "::1"});
        properties.put("mail.for.invalid.local.user", "Delete");
        assertThat(check.validate(properties)).isEmpty();
        assertThat(check.validate(Map.of())).isEmpty();
    }

    @Test
    void aListSettingIsCheckedItemByItemWhateverFormItCameIn() {
        String expected = "org.iems.sample: trusted.networks = ::1 10.0.0.0/33: invalid prefix length in '10.0.0.0/33'";
        for (Object value : List.of("::1, 10.0.0.0/33", new String[] {"::1 10.0.0.0/33"}, new String[] {"::1", "10.0.0.0/33"},
                List.of("::1", "10.0.0.0/33"))) {
            assertThatThrownBy(() -> check.validate(Map.of("trusted.networks", value))).hasMessage(
                    value instanceof String ? expected.replace("::1 10", "::1, 10") : expected);
        }
    }

    @Test
    void reportsKeysNoAttributeDefinesButNotTheFrameworksOwn() {
        Map<String, Object> properties = Map.of("mx.prot", "2525", "service.pid", "org.iems.smtpd",
                "component.id", 3L, "felix.fileinstall.filename", "file:/etc/x.cfg", "dataSource.target", "(x=y)",
                "queue.target", "(a=b)", "mxport", "1");
        assertThat(check.validate(properties)).contains("org.iems.sample: unknown keys ignored (misspelt?): mx.prot, mxport");
    }

    @Test
    void refusesTheFirstBadValueInKeyOrder() {
        assertThatThrownBy(() -> check.validate(Map.of("tls.enabled", "maybe", "mx.port", "-5")))
                .hasMessageStartingWith("org.iems.sample: mx.port = -5");
    }

    @ParameterizedTest
    @CsvSource({"mx_port, mx.port", "dataSource_target, dataSource.target", "weird__name$_$x, weird_name-x",
        "a$$b, a$b", "a$b, ab"})
    void mapsAttributeMethodsToKeysAsDeclarativeServicesDoes(String method, String key) {
        assertThat(ConfigurationCheck.key(method)).isEqualTo(key);
    }
}
