package dev.consent;

import dev.consent.error.InvalidInputException;
import dev.consent.internal.base.Checks;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The end user's address for the opt-in limits ({@link WebOptIn#withClientAddress}) when sign-ups
 * reach the host through its own back end or proxies: the {@code X-Forwarded-For} list is read from
 * the right, past the hops the host trusts, and the first address it does not trust is the client.
 * Without it, every sign-up a CRM back end forwards counts against that one server's address.
 *
 * <pre>{@code
 * ClientAddress trusted = ClientAddress.trusting(List.of("10.0.0.0/8", "2001:db8::/32"));
 * String client = trusted.resolve(ip, forwardedFor);  // the connection's address, X-Forwarded-For
 * kit.doubleOptIn().start(WebOptIn.of(number, "marketing.promotions", "v1").withClientAddress(client));
 * }</pre>
 *
 * <p>A peer that is not trusted is the client, whatever header it sends (a client can write any
 * {@code X-Forwarded-For}). A hop that is not an IP literal ends the walk at the last trusted hop,
 * so a malformed header counts against the proxy (stricter), never against an address the client
 * made up. Entries are IPv4 or IPv6 literals or CIDR blocks; nothing is looked up in DNS.
 *
 * @since 0.5
 */
public final class ClientAddress {
  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
  private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

  private record Block(byte[] network, int bits) {
    boolean contains(byte[] address) {
      if (address.length != network.length) {
        return false;
      }
      int full = bits / 8;
      for (int i = 0; i < full; i++) {
        if (address[i] != network[i]) {
          return false;
        }
      }
      int rest = bits % 8;
      return rest == 0 || ((address[full] ^ network[full]) & (0xFF << (8 - rest)) & 0xFF) == 0;
    }
  }

  private final List<Block> trusted;

  private ClientAddress(List<Block> trusted) {
    this.trusted = List.copyOf(trusted);
  }

  /**
   * Trusts these proxies and back ends: IP literals ({@code 10.1.2.3}, {@code 2001:db8::1}) or CIDR
   * blocks ({@code 10.0.0.0/8}).
   *
   * @throws InvalidInputException for an entry that is neither (nothing is looked up)
   */
  public static ClientAddress trusting(Collection<String> proxies) {
    List<Block> blocks = new ArrayList<>();
    for (String p : Checks.notNull(proxies, "trusted proxies")) {
      String entry = Checks.notBlank(p, "trusted proxy").trim();
      int slash = entry.indexOf('/');
      byte[] network = literal(slash < 0 ? entry : entry.substring(0, slash));
      if (network == null) {
        throw new InvalidInputException("a trusted proxy must be an IP address or a CIDR block");
      }
      int bits = network.length * 8;
      if (slash >= 0) {
        try {
          bits = Integer.parseInt(entry.substring(slash + 1));
        } catch (NumberFormatException e) {
          bits = -1;
        }
        if (bits < 0 || bits > network.length * 8) {
          throw new InvalidInputException("a CIDR prefix length must be 0-" + network.length * 8);
        }
      }
      blocks.add(new Block(network, bits));
    }
    return new ClientAddress(blocks);
  }

  /**
   * The client's address: {@code peer} (the address the connection came from) unless the host
   * trusts it, else the right-most address of {@code forwardedFor} it does not trust.
   *
   * @param peer the connection's remote address, e.g. {@code HttpServletRequest.getRemoteAddr()}
   * @param forwardedFor the {@code X-Forwarded-For} header, or null
   * @throws InvalidInputException if {@code peer} is not an IP address
   */
  public String resolve(String peer, @Nullable String forwardedFor) {
    String client = Checks.notBlank(peer, "peer address").trim();
    byte[] address = literal(client);
    if (address == null) {
      throw new InvalidInputException("the peer address must be an IP address");
    }
    if (!isTrusted(address) || forwardedFor == null) {
      return client;
    }
    String[] hops = forwardedFor.split(",", -1);
    for (int i = hops.length - 1; i >= 0; i--) {
      String hop = hops[i].trim();
      byte[] hopAddress = literal(hop);
      if (hopAddress == null) {
        return client; // malformed: stop at the last hop we trust
      }
      client = hop;
      if (!isTrusted(hopAddress)) {
        return client;
      }
    }
    return client;
  }

  private boolean isTrusted(byte[] address) {
    for (Block b : trusted) {
      if (b.contains(address)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The bytes of an IPv4 or IPv6 literal; null for anything else. Never a DNS look-up: IPv4 is parsed
   * here, and the JDK parses a string with a colon as an IPv6 literal or refuses it.
   */
  private static byte @Nullable [] literal(String s) {
    if (IPV4.matcher(s).matches()) {
      String[] parts = s.split("\\.");
      byte[] out = new byte[4];
      for (int i = 0; i < 4; i++) {
        int v = Integer.parseInt(parts[i]);
        if (v > 255) {
          return null;
        }
        out[i] = (byte) v;
      }
      return out;
    }
    if (s.length() > 45 || !IPV6.matcher(s).matches()) {
      return null;
    }
    try {
      return InetAddress.getByName(s).getAddress();
    } catch (UnknownHostException e) {
      return null;
    }
  }
}
