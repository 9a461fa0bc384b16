package dev.consent.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy to a database that a test can cut: {@link #cutAll()} drops every open connection as a
 * network failure would, {@link #refuse(boolean)} turns away new ones while "the database is down".
 */
final class CutProxy implements AutoCloseable {
  private final ServerSocket server;
  private final String targetHost;
  private final int targetPort;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private volatile boolean refusing;

  CutProxy(String targetHostPort) throws IOException {
    String[] hp = targetHostPort.split(":");
    targetHost = hp[0];
    targetPort = Integer.parseInt(hp[1]);
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::acceptLoop, "cut-proxy-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  int port() {
    return server.getLocalPort();
  }

  /** Drops every open connection in both directions. */
  void cutAll() {
    for (Socket s : open) {
      closeQuietly(s);
    }
    open.clear();
  }

  /** While refusing, new connections are closed at once and open ones are cut. */
  void refuse(boolean refuse) {
    refusing = refuse;
    if (refuse) {
      cutAll();
    }
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        if (refusing) {
          closeQuietly(client);
          continue;
        }
        Socket upstream = new Socket(targetHost, targetPort);
        open.add(client);
        open.add(upstream);
        if (refusing) {
          // refuse(true) and its cut may have run while this connection was being set up
          closeQuietly(client);
          closeQuietly(upstream);
          continue;
        }
        pump(client, upstream);
        pump(upstream, client);
      } catch (IOException e) {
        // server closed, or the database refused: the client sees a dropped connection
      }
    }
  }

  private void pump(Socket from, Socket to) {
    Thread t = new Thread(() -> {
      byte[] buf = new byte[16 * 1024];
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        int n;
        while ((n = in.read(buf)) >= 0) {
          out.write(buf, 0, n);
          out.flush();
        }
      } catch (IOException e) {
        // cut
      } finally {
        closeQuietly(from);
        closeQuietly(to);
      }
    }, "cut-proxy-pump");
    t.setDaemon(true);
    t.start();
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException ignored) {
      // already closed
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
    cutAll();
  }
}
