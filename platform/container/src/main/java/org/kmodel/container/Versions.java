package org.kmodel.container;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** Versions stamped in at build time. */
public final class Versions {
  private static final Properties PROPS = load();

  private Versions() {}

  private static Properties load() {
    Properties p = new Properties();
    try (InputStream in = Versions.class.getResourceAsStream("kmodel.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return p;
  }

  /** kmodel's own version, e.g. {@code 1.1.0-SNAPSHOT}. */
  public static String kmodel() {
    return PROPS.getProperty("version", "unknown");
  }

  /** The SLF4J API version the host exports to bundles. */
  public static String slf4j() {
    return PROPS.getProperty("slf4j.version", "2.0.0");
  }
}
