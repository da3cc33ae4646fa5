package org.iems.smtpc.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class SourceAddressesTest {

    @Test
    void eachFamilyHasItsOwnSourceAndNoneMeansTheSystemChooses() throws Exception {
        SourceAddresses source = SourceAddresses.of("127.0.0.2", "");
        assertThat(source.forPeer(InetAddress.getByName("192.0.2.1"))).contains(InetAddress.getByName("127.0.0.2"));
        assertThat(source.forPeer(InetAddress.getByName("2001:db8::1"))).isEmpty();
        assertThat(SourceAddresses.of(" ", "").forPeer(InetAddress.getByName("192.0.2.1"))).isEmpty();
    }

    @Test
    void anythingButALocalLiteralOfItsFamilyIsRefused() {
        assertThatThrownBy(() -> SourceAddresses.of("mail.example.com", ""))
                .hasMessage("bind.address must be an address literal, not mail.example.com");
        assertThatThrownBy(() -> SourceAddresses.of("", "127.0.0.1"))
                .hasMessage("bind.address6 must be an address literal, not 127.0.0.1");
        assertThatThrownBy(() -> SourceAddresses.of("192.0.2.77", ""))
                .hasMessageStartingWith("bind.address 192.0.2.77 is not an address of this host");
        assertThatThrownBy(() -> SourceAddresses.of("300.1.1.1", ""))
                .hasMessage("bind.address must be an address literal, not 300.1.1.1");
        assertThatThrownBy(() -> SourceAddresses.of("", "2001:db8::zz"))
                .hasMessage("bind.address6 must be an address literal, not 2001:db8::zz");
        assertThatThrownBy(() -> SourceAddresses.of("", "2001:db8:::1:2"))
                .hasMessageStartingWith("bind.address6 is not a valid address: 2001:db8:::1:2");
    }
}
