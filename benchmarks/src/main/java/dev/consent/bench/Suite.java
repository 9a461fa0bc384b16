package dev.consent.bench;

/** Placeholder. */
public final class Suite {
  private Suite() {}

  public static void main(String[] args) throws Exception {
    org.openjdk.jmh.Main.main(args);
  }
}
