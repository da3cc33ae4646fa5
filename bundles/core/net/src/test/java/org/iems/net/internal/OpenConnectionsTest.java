package org.iems.net.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class OpenConnectionsTest {

    private record Member(String name, boolean sheddable, long lastActive) implements OpenConnections.Member {
    }

    @Test
    void atTheLimitShedsTheLongestSilentSheddableConnection() {
        OpenConnections all = new OpenConnections(3);
        Member user = new Member("logged in", false, 1);
        Member old = new Member("old stranger", true, 5);
        Member recent = new Member("recent stranger", true, 9);
        assertThat(all.admit(user).shed()).isEmpty();
        assertThat(all.admit(recent).shed()).isEmpty();
        assertThat(all.admit(old).shed()).isEmpty();
        OpenConnections.Admission admission = all.admit(new Member("newcomer", true, 10));
        assertThat(admission.admitted()).isTrue();
        assertThat(admission.shed()).isEqualTo(Optional.of(old));
        assertThat(all.size()).isEqualTo(3);
    }

    @Test
    void refusesWhenNothingMayBeShed() {
        OpenConnections all = new OpenConnections(2);
        Member trusted = new Member("trusted", false, 1);
        all.admit(trusted);
        all.admit(new Member("logged in", false, 2));
        OpenConnections.Admission admission = all.admit(new Member("newcomer", true, 3));
        assertThat(admission.admitted()).isFalse();
        assertThat(admission.shed()).isEmpty();
        all.remove(trusted);
        assertThat(all.admit(new Member("next", true, 4)).admitted()).isTrue();
    }
}
