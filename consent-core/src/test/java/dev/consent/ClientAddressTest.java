package dev.consent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.consent.error.InvalidInputException;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The end user's address behind trusted proxies, and nothing a client can forge past them. */
class ClientAddressTest {
  private final ClientAddress crm = ClientAddress.trusting(List.of("10.0.0.0/8", "192.168.1.7", "2001:db8::/32"));

  @Test
  @DisplayName("a peer nobody trusts is the client, whatever X-Forwarded-For it sends")
  void untrustedPeer() {
    assertThat(crm.resolve("203.0.113.9", "198.51.100.1, 10.1.1.1")).isEqualTo("203.0.113.9");
    assertThat(crm.resolve("203.0.113.9", null)).isEqualTo("203.0.113.9");
  }

  @Test
  @DisplayName("behind the CRM back end and a proxy: the right-most address not trusted, never the forged left ones")
  void behindTrustedHops() {
    assertThat(crm.resolve("10.0.0.2", "198.51.100.23")).isEqualTo("198.51.100.23");
    assertThat(crm.resolve("10.0.0.2", "1.2.3.4, 198.51.100.23, 192.168.1.7")).isEqualTo("198.51.100.23");
    assertThat(crm.resolve("2001:db8::5", "2001:db8:ffff::1, 2a00:1450::8")).isEqualTo("2a00:1450::8");
  }

  @Test
  @DisplayName("a trusted peer without a header, or with only trusted hops, is itself or the left-most hop")
  void onlyTrusted() {
    assertThat(crm.resolve("10.0.0.2", null)).isEqualTo("10.0.0.2");
    assertThat(crm.resolve("10.0.0.2", "10.9.9.9, 192.168.1.7")).isEqualTo("10.9.9.9");
  }

  @Test
  @DisplayName("a malformed hop stops the walk at the last trusted address (stricter), never at a made-up one")
  void malformed() {
    assertThat(crm.resolve("10.0.0.2", "198.51.100.23, unknown")).isEqualTo("10.0.0.2");
    assertThat(crm.resolve("10.0.0.2", "198.51.100.23, 300.1.1.1")).isEqualTo("10.0.0.2");
    assertThat(crm.resolve("10.0.0.2", "evil.example.com")).isEqualTo("10.0.0.2");
    assertThat(crm.resolve("10.0.0.2", "198.51.100.23,, 10.0.0.3")).isEqualTo("10.0.0.3");
  }

  @Test
  @DisplayName("CIDR edges: a /8 covers its block only; 192.168.1.7 alone trusts no neighbour")
  void cidr() {
    assertThat(crm.resolve("11.0.0.1", "198.51.100.23")).isEqualTo("11.0.0.1");
    assertThat(crm.resolve("192.168.1.8", "198.51.100.23")).isEqualTo("192.168.1.8");
    ClientAddress odd = ClientAddress.trusting(List.of("172.16.0.0/12"));
    assertThat(odd.resolve("172.31.255.255", "198.51.100.23")).isEqualTo("198.51.100.23");
    assertThat(odd.resolve("172.32.0.0", "198.51.100.23")).isEqualTo("172.32.0.0");
  }

  @Test
  @DisplayName("bad trust entries and peers are refused with typed errors, and nothing is looked up in DNS")
  void badInput() {
    assertThatThrownBy(() -> ClientAddress.trusting(List.of("crm.internal"))).isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> ClientAddress.trusting(List.of("10.0.0.0/33"))).isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> ClientAddress.trusting(List.of("10.0.0.0/x"))).isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> ClientAddress.trusting(List.of("999.0.0.1"))).isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> crm.resolve("localhost", null)).isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> crm.resolve(" ", null)).isInstanceOf(InvalidInputException.class);
  }
}
