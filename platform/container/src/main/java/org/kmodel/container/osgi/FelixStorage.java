package org.kmodel.container.osgi;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The frameworks' cache directories under the temporary directory: each names the process that made
 * it, goes when its container closes, and is deleted at JVM exit if still there (Ctrl-C, a kill).
 * One a killed process left behind (SIGKILL runs no hook) is swept by the next start, once that
 * process is gone.
 */
final class FelixStorage {
  static final String PREFIX = "kmodel-felix-";
  private static final String OWNER = "kmodel.pid";
  private static final Set<Path> LIVE = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime()
        .addShutdownHook(new Thread(() -> LIVE.forEach(FelixStorage::delete), "kmodel-cleanup"));
  }

  private FelixStorage() {}

  /** A fresh directory owned by this process, after sweeping those of processes gone. */
  static Path create() {
    Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
    sweep(tmp);
    try {
      Path dir = Files.createTempDirectory(tmp, PREFIX);
      Files.writeString(dir.resolve(OWNER), Long.toString(ProcessHandle.current().pid()));
      LIVE.add(dir);
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Deletes a directory {@link #create} made. */
  static void release(Path dir) {
    delete(dir);
    LIVE.remove(dir);
  }

  /** Deletes the directories whose owning process no longer runs. */
  static void sweep(Path tmp) {
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(tmp, PREFIX + "*")) {
      for (Path dir : dirs) {
        if (orphaned(dir)) {
          delete(dir);
        }
      }
    } catch (IOException | SecurityException e) {
      // A temporary directory one cannot list has nothing of ours to sweep.
    }
  }

  private static boolean orphaned(Path dir) {
    try {
      long pid = Long.parseLong(Files.readString(dir.resolve(OWNER)).strip());
      return ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true);
    } catch (IOException | NumberFormatException e) {
      // No owner file: a directory from before owners were written, or one being made now. Only
      // sweep it once it is old enough not to be in use.
      try {
        return Files.getLastModifiedTime(dir).toMillis() < System.currentTimeMillis() - 86_400_000L;
      } catch (IOException gone) {
        return false;
      }
    }
  }

  private static void delete(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      org.slf4j.LoggerFactory.getLogger(FelixStorage.class).debug("cleanup of {} failed", root, e);
    }
  }
}
