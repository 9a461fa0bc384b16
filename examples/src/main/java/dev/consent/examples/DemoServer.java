package dev.consent.examples;

import dev.consent.kit.ConsentKit;
import dev.consent.memory.RecordingCarrier;
import dev.consent.sms.twilio.TwilioWebhooks;
import dev.consent.sms.vonage.SignatureMethod;
import dev.consent.sms.vonage.VonageWebhooks;
import dev.consent.spi.ConsentStore;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;
import org.jspecify.annotations.Nullable;

/**
 * {@code --serve}: the demo's kit behind a webhook server, configured from the environment:
 * {@code PUBLIC_BASE_URL} (the URL your tunnel gives, default {@code http://127.0.0.1:PORT}),
 * {@code TWILIO_ACCOUNT_SID} + {@code TWILIO_AUTH_TOKEN}, {@code VONAGE_SIGNATURE_SECRET} (HMAC-SHA256).
 * Replies go to the simulated carrier; wire TwilioCarrier or VonageCarrier to send for real.
 */
final class DemoServer {
  private DemoServer() {}

  static void serve(ConsentStore store, int port, PrintStream out) throws Exception {
    Clock clock = Clock.systemUTC();
    ConsentKit kit = Demo.kit(store, new RecordingCarrier("simulated"), clock);
    String base = env("PUBLIC_BASE_URL", "http://127.0.0.1:" + port);
    String sid = System.getenv("TWILIO_ACCOUNT_SID");
    String token = System.getenv("TWILIO_AUTH_TOKEN");
    TwilioWebhooks twilio = sid != null && token != null
        ? TwilioWebhooks.builder().accountSid(sid).authToken(token).clock(clock).build() : null;
    String vonageSecret = System.getenv("VONAGE_SIGNATURE_SECRET");
    VonageWebhooks vonage = vonageSecret != null
        ? VonageWebhooks.builder().signatureSecret(vonageSecret, SignatureMethod.HMAC_SHA256).clock(clock).build() : null;
    try (WebhookServer server = WebhookServer.start(new InetSocketAddress("127.0.0.1", port), kit.inbound(), base,
        twilio, vonage).accessLog(out::println)) {
      out.println();
      out.println("Webhooks on 127.0.0.1:" + server.port() + " (public base " + base + ")");
      out.println("  Twilio: " + (twilio == null ? "off (set TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN)"
          : "/twilio/inbound, /twilio/status"));
      out.println("  Vonage: " + (vonage == null ? "off (set VONAGE_SIGNATURE_SECRET)"
          : "/vonage/inbound, /vonage/dlr, /vonage/messages/inbound, /vonage/messages/status"));
      out.println("Ctrl-C to stop.");
      new CountDownLatch(1).await();
    }
  }

  private static String env(String name, @Nullable String fallback) {
    String v = System.getenv(name);
    return v == null || v.isBlank() ? fallback : v;
  }
}
