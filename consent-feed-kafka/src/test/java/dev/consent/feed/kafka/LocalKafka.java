package dev.consent.feed.kafka;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * A real single-node Kafka broker in KRaft mode (combined broker and controller), from the
 * kafka_2.13 artifact on the test class path, in its own JVM: the tests stop it, kill it and start
 * it again on the same data, as an operator or a crash would. Its output goes to {@code
 * broker.log} in its directory. Public in the module's test jar for the benchmarks.
 */
public final class LocalKafka implements AutoCloseable {
  private final Path dir;
  private final int port;
  private final int controllerPort;
  private Process process;

  private LocalKafka(Path dir, int port, int controllerPort) {
    this.dir = dir;
    this.port = port;
    this.controllerPort = controllerPort;
  }

  /** Formats a new broker's storage and starts it; returns when it answers. */
  public static LocalKafka start() throws IOException, InterruptedException {
    Path dir = Files.createTempDirectory("consent-kafka-");
    LocalKafka k = new LocalKafka(dir, freePort(), freePort());
    k.writeConfig();
    k.run(List.of("kafka.tools.StorageTool", "format", "-t", clusterId(), "-c", k.config().toString()), true);
    k.startBroker();
    return k;
  }

  public String bootstrap() {
    return "127.0.0.1:" + port;
  }

  public Map<String, Object> producerSettings() {
    return Map.of("bootstrap.servers", bootstrap(), "client.id", "consent-test", "delivery.timeout.ms", "20000",
        "request.timeout.ms", "5000", "retry.backoff.ms", "100", "reconnect.backoff.max.ms", "500");
  }

  public void createTopic(String name, int partitions) throws Exception {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap()))) {
      admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get(60, TimeUnit.SECONDS);
    }
  }

  /** Starts the broker on its existing data (after {@link #stop} or {@link #kill}). */
  void startBroker() throws IOException, InterruptedException {
    process = new ProcessBuilder(java(), "-Xms256m", "-Xmx512m", "-XX:+UseSerialGC", "-cp", classPath(),
        "kafka.Kafka", config().toString())
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("broker.log").toFile()))
        .start();
    Process started = process;
    // a test JVM that ends without close() (a failed setup, an aborted benchmark) must not leave its broker behind
    Runtime.getRuntime().addShutdownHook(new Thread(started::destroyForcibly, "local-kafka-reaper"));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("the Kafka broker exited (" + process.exitValue() + "): " + tail());
      }
      if (answers()) {
        return;
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("the Kafka broker did not answer on " + bootstrap() + " within 90 s: " + tail());
  }

  /** Stops the broker as an operator would (SIGTERM, controlled shutdown). */
  void stop() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroy();
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    }
  }

  /** Kills the broker as a crash would (SIGKILL). */
  void kill() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroyForcibly().waitFor();
    }
  }

  @Override
  public void close() throws IOException {
    try {
      kill();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
    }
  }

  private boolean answers() {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 500);
    } catch (IOException e) {
      return false;
    }
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap(),
        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000))) {
      return !admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty();
    } catch (Exception e) {
      return false;
    }
  }

  private void writeConfig() throws IOException {
    String props = String.join("\n",
        "process.roles=broker,controller",
        "node.id=1",
        "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
        "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
        "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
        "controller.listener.names=CONTROLLER",
        "inter.broker.listener.name=PLAINTEXT",
        "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
        "log.dirs=" + dir.resolve("data"),
        "num.partitions=1",
        "auto.create.topics.enable=false",
        "offsets.topic.replication.factor=1",
        "transaction.state.log.replication.factor=1",
        "transaction.state.log.min.isr=1",
        "share.coordinator.state.topic.replication.factor=1",
        "share.coordinator.state.topic.min.isr=1",
        "group.initial.rebalance.delay.ms=0",
        "log.flush.interval.messages=1",
        "") ;
    Files.writeString(config(), props, StandardCharsets.UTF_8);
  }

  private Path config() {
    return dir.resolve("server.properties");
  }

  private void run(List<String> mainAndArgs, boolean mustSucceed) throws IOException, InterruptedException {
    List<String> cmd = new java.util.ArrayList<>(List.of(java(), "-cp", classPath()));
    cmd.addAll(mainAndArgs);
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(120, TimeUnit.SECONDS) || (mustSucceed && p.exitValue() != 0)) {
      throw new IllegalStateException(String.join(" ", mainAndArgs.subList(0, 2)) + " failed: " + out);
    }
  }

  private String tail() {
    try {
      List<String> lines = Files.readAllLines(dir.resolve("broker.log"), StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /** The test JVM's class path (under Surefire, a jar whose manifest lists it): it holds kafka_2.13. */
  private static String classPath() {
    return System.getProperty("java.class.path");
  }

  private static String clusterId() {
    // a KRaft cluster id is a base64 (URL-safe, unpadded) 16-byte UUID
    UUID u = UUID.randomUUID();
    java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(16).putLong(u.getMostSignificantBits())
        .putLong(u.getLeastSignificantBits());
    return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(b.array());
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    }
  }
}
