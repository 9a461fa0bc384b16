package dev.consent.feed.rabbitmq;

import dev.consent.testkit.Requirement;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/** What the RabbitMQ tests need from the machine, for {@code @Needs}. */
final class RabbitRequirements {
  static final String HOST = System.getProperty("consent.rabbitmq.host", "127.0.0.1");
  static final int PORT = Integer.getInteger("consent.rabbitmq.port", 5672);

  private RabbitRequirements() {}

  /** A RabbitMQ broker on 127.0.0.1:5672 (guest/guest). */
  static final class Broker implements Requirement {
    @Override
    public @Nullable String missing() {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress(HOST, PORT), 2000);
        return null;
      } catch (IOException e) {
        return "RabbitMQ unreachable at " + HOST + ":" + PORT + " (user guest/guest; start it with rabbitmq-server -detached)";
      }
    }
  }

  /** {@code rabbitmqctl} controlling the local node, to stop and start the broker in the outage test. */
  static final class Control implements Requirement {
    @Override
    public @Nullable String missing() {
      try {
        Process p = new ProcessBuilder("rabbitmqctl", "-q", "status").redirectErrorStream(true).start();
        p.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
          p.destroyForcibly();
          return "rabbitmqctl did not answer within 30 s";
        }
        return p.exitValue() == 0 ? null : "rabbitmqctl cannot control the local RabbitMQ node (exit " + p.exitValue() + ")";
      } catch (IOException e) {
        return "rabbitmqctl is not installed";
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return "interrupted";
      }
    }
  }
}
