package org.kmodel.container.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes an output file (chart, CSV, JSON, a Slurm task's piece) beside its target and renames it
 * over the target: a run killed while writing leaves the previous file whole, never an empty or
 * half one, and a reader never sees a partial file.
 */
final class AtomicFile {
  /** What writes the content. */
  interface Body {
    void writeTo(OutputStream out) throws IOException;
  }

  private AtomicFile() {}

  static void write(Path file, Body body) throws IOException {
    Path target = file.toAbsolutePath();
    Path partial =
        Files.createTempFile(target.getParent(), "." + target.getFileName() + ".", ".part");
    try {
      try (OutputStream out = Files.newOutputStream(partial)) {
        body.writeTo(out);
      }
      try {
        Files.move(
            partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(partial);
    }
  }

  static void write(Path file, String text) throws IOException {
    write(file, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
  }
}
