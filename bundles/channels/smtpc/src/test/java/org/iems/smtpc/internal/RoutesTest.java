package org.iems.smtpc.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.iems.api.mail.DomainName;
import org.junit.jupiter.api.Test;

class RoutesTest {

    private static final Optional<Target.Credentials> AUTH = Optional.of(new Target.Credentials("u", "p"));

    private static Route route(Routes routes, String domain) {
        return routes.route(DomainName.parse(domain));
    }

    @Test
    void theTransportMapWinsOverTheSmartHostWhichWinsOverMx() {
        Routes routes = Routes.of(List.of("a.example=[10.0.0.5]:2525", "b.example=mx.b.example"), "[relay.example]:587",
                AUTH, List.of(), List.of(), true);
        assertThat(route(routes, "A.Example").target()).isEqualTo(new Target("10.0.0.5", 2525, false, Optional.empty()));
        assertThat(route(routes, "b.example").target()).isEqualTo(new Target("mx.b.example", 25, true, Optional.empty()));
        Route relayed = route(routes, "c.example");
        assertThat(relayed.target()).isEqualTo(new Target("relay.example", 587, false, AUTH));
        assertThat(relayed.tlsRequired()).as("credentials go only over TLS").isTrue();
        assertThat(relayed.queueName()).isEqualTo("[relay.example]:587");
    }

    @Test
    void withoutMapOrSmartHostTheDomainsMxHostsAreUsed() {
        Routes routes = Routes.of(List.of(), "", Optional.empty(), List.of("secure.example"), List.of("peer.example"), true);
        Route mx = route(routes, "other.example");
        assertThat(mx.target()).isEqualTo(new Target("other.example", 25, true, Optional.empty()));
        assertThat(mx.tlsRequired()).isFalse();
        assertThat(mx.peer()).isFalse();
        assertThat(mx.queueName()).isEqualTo("other.example");
        assertThat(route(routes, "secure.example").tlsRequired()).isTrue();
        assertThat(route(routes, "peer.example").peer()).isTrue();
    }

    @Test
    void anAddressLiteralIsDeliveredToThatAddress() {
        Routes routes = Routes.of(List.of(), "", Optional.empty(), List.of(), List.of(), true);
        assertThat(route(routes, "[192.0.2.9]").target()).isEqualTo(new Target("192.0.2.9", 25, false, Optional.empty()));
    }

    @Test
    void malformedEntriesAreRefused() {
        for (String map : new String[] {"a.example", "a.example=", "a.example=[x]:0", "a.example=[x]:http", "=host"}) {
            assertThatThrownBy(() -> Routes.of(List.of(map), "", Optional.empty(), List.of(), List.of(), true)).as(map)
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }
}
