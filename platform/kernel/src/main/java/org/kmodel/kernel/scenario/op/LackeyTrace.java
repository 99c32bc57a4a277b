package org.kmodel.kernel.scenario.op;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads a Valgrind Lackey memory trace ({@code valgrind --tool=lackey --trace-mem=yes}): one access
 * per line, {@code I addr,size} for an instruction fetch, {@code L}, {@code S} or {@code M} (load,
 * store, modify) for data, the address in hex and the size in bytes; lines starting with {@code ==}
 * are Valgrind's own messages. A malformed line is reported by its number only: the file's contents
 * are never quoted.
 */
final class LackeyTrace {
  /** The largest trace read: a check on size comes before any parsing. */
  static final long MAX_BYTES = 1L << 30;

  /** The largest access a line may give: wider vector loads than AVX-512's do not exist. */
  private static final int MAX_SIZE = 4_096;

  /** What one pass over the file found or did. */
  static final class Counts {
    long instructions;
    long loads;
    long stores;
    long modifies;
  }

  /** Called for each data access, split at page boundaries. */
  interface Sink {
    /**
     * @return false to stop the pass (the process died)
     */
    boolean access(long address, boolean write);
  }

  /** A line that is not in Lackey's format, or an address no user program has. */
  static final class Malformed extends Exception {
    final long line;

    Malformed(long line, String message) {
      super(message);
      this.line = line;
    }
  }

  private final Path file;
  private final long pageSize;

  LackeyTrace(Path file, long pageSize) {
    this.file = file;
    this.pageSize = pageSize;
  }

  /** Every page a data access of the trace touches, sorted, each once. */
  long[] pages() throws IOException, Malformed {
    long[][] pages = {new long[1024]};
    int[] n = {0};
    long[] last = {-1};
    pass(
        new Counts(),
        (address, write) -> {
          long page = address / pageSize;
          if (page != last[0]) {
            last[0] = page;
            if (n[0] == pages[0].length) {
              pages[0] = Arrays.copyOf(pages[0], pages[0].length * 2);
            }
            pages[0][n[0]++] = page;
          }
          return true;
        });
    long[] sorted = Arrays.copyOf(pages[0], n[0]);
    Arrays.sort(sorted);
    int unique = 0;
    for (int i = 0; i < sorted.length; i++) {
      if (i == 0 || sorted[i] != sorted[i - 1]) {
        sorted[unique++] = sorted[i];
      }
    }
    return Arrays.copyOf(sorted, unique);
  }

  /** Reads the trace once, handing each data access to {@code sink} in order. */
  void pass(Counts counts, Sink sink) throws IOException, Malformed {
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
      long number = 0;
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        number++;
        if (line.isEmpty() || line.startsWith("==")) {
          continue;
        }
        char kind;
        int from;
        if (line.startsWith("I  ")) {
          kind = 'I';
          from = 3;
        } else if (line.length() > 3
            && line.charAt(0) == ' '
            && "LSM".indexOf(line.charAt(1)) >= 0
            && line.charAt(2) == ' ') {
          kind = line.charAt(1);
          from = 3;
        } else {
          throw new Malformed(number, "is not in Lackey's trace format");
        }
        int comma = line.indexOf(',', from);
        if (comma < 0) {
          throw new Malformed(number, "is not in Lackey's trace format");
        }
        long address = hex(line, from, comma, number);
        int size = decimal(line, comma + 1, number);
        if (kind == 'I') {
          counts.instructions++;
          continue;
        }
        boolean write = kind != 'L';
        switch (kind) {
          case 'L' -> counts.loads++;
          case 'S' -> counts.stores++;
          default -> counts.modifies++;
        }
        long lastByte = address + size - 1;
        if (lastByte < address) {
          throw new Malformed(number, "gives an access past the end of the address space");
        }
        if (!sink.access(address, write)) {
          return;
        }
        if (lastByte / pageSize != address / pageSize
            && !sink.access(lastByte - lastByte % pageSize, write)) {
          return;
        }
      }
    }
  }

  private static long hex(String line, int from, int to, long number) throws Malformed {
    if (to == from || to - from > 16) {
      throw new Malformed(number, "has no address of at most 16 hex digits");
    }
    long v = 0;
    for (int i = from; i < to; i++) {
      int d = Character.digit(line.charAt(i), 16);
      if (d < 0) {
        throw new Malformed(number, "has an address that is not hex");
      }
      v = v << 4 | d;
    }
    return v;
  }

  private static int decimal(String line, int from, long number) throws Malformed {
    int end = line.length();
    while (end > from && line.charAt(end - 1) == ' ') {
      end--;
    }
    if (end == from || end - from > 4) {
      throw new Malformed(number, "has no size from 1 to " + MAX_SIZE);
    }
    int v = 0;
    for (int i = from; i < end; i++) {
      char c = line.charAt(i);
      if (c < '0' || c > '9') {
        throw new Malformed(number, "has a size that is not a number");
      }
      v = v * 10 + (c - '0');
    }
    if (v < 1 || v > MAX_SIZE) {
      throw new Malformed(number, "has no size from 1 to " + MAX_SIZE);
    }
    return v;
  }
}
