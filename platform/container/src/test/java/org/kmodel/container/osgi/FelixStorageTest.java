package org.kmodel.container.osgi;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Framework caches left by killed runs go; those of running processes stay. */
class FelixStorageTest {
  @TempDir Path tmp;

  @Test
  void theNextStartSweepsTheCacheOfAProcessThatIsGone() throws Exception {
    Path gone = Files.createDirectory(tmp.resolve(FelixStorage.PREFIX + "gone"));
    Files.writeString(gone.resolve("kmodel.pid"), Long.toString(Integer.MAX_VALUE - 7L));
    Files.createDirectories(gone.resolve("bundle1/version0.0"));
    Path mine = Files.createDirectory(tmp.resolve(FelixStorage.PREFIX + "mine"));
    Files.writeString(mine.resolve("kmodel.pid"), Long.toString(ProcessHandle.current().pid()));
    Path fresh = Files.createDirectory(tmp.resolve(FelixStorage.PREFIX + "being-made"));
    Path other = Files.createDirectory(tmp.resolve("someone-else"));

    FelixStorage.sweep(tmp);

    assertFalse(Files.exists(gone), "the killed process's cache");
    assertTrue(Files.exists(mine), "a running process's cache");
    assertTrue(Files.exists(fresh), "a cache without an owner yet, made just now");
    assertTrue(Files.exists(other), "what is not ours");
  }

  @Test
  void aReleasedCacheIsGone() {
    Path dir = FelixStorage.create();
    assertTrue(Files.isRegularFile(dir.resolve("kmodel.pid")));
    FelixStorage.release(dir);
    assertFalse(Files.exists(dir));
  }
}
