package org.kmodel.kernel.cost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Profiles are parsed once per file version; an edited file is read again. */
class CpuProfilesCacheTest {
  @TempDir Path dir;

  private Path write(String text, long modifiedMillis) throws Exception {
    Path file = dir.resolve("test.yaml");
    Files.writeString(file, text);
    Files.setLastModifiedTime(file, FileTime.fromMillis(modifiedMillis));
    return file;
  }

  @Test
  void anUnchangedFileIsParsedOnce() throws Exception {
    write(TestProfiles.ROUND, 1_000_000L);
    CpuProfiles profiles = new CpuProfiles(List.of(dir));

    assertSame(profiles.load("test"), new CpuProfiles(List.of(dir)).load("test"));
  }

  @Test
  void anEditedFileIsReadAgain() throws Exception {
    Path file = write(TestProfiles.ROUND, 2_000_000L);
    CpuProfiles profiles = new CpuProfiles(List.of(dir));
    assertEquals(2.0, profiles.load(file.toString()).clockGhz());

    write(TestProfiles.ROUND.replace("clock_ghz: 2.0", "clock_ghz: 3.0"), 3_000_000L);

    assertEquals(3.0, profiles.load(file.toString()).clockGhz());
    assertEquals(3.0, profiles.load("test").clockGhz());
  }

  @Test
  void aMalformedFileFailsOnEveryLoad() throws Exception {
    write(TestProfiles.ROUND.replace("clock_ghz: 2.0", "clock_ghz: fast"), 4_000_000L);
    CpuProfiles profiles = new CpuProfiles(List.of(dir));

    for (int i = 0; i < 2; i++) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> profiles.load("test"));
      assertEquals(
          dir.resolve("test.yaml") + ":4:12: expected a number, not 'fast'", e.getMessage());
    }
  }

  @Test
  void builtInProfilesAreParsedOnce() {
    assertSame(CpuProfiles.builtIn().load("zen2"), CpuProfiles.builtIn().load("zen2"));
  }
}
