package org.kmodel.thp.linux;

import org.kmodel.api.mm.VmFlags;
import org.kmodel.api.mm.VmaView;

/** A 4 MiB area at 1 GiB. */
record FakeVma(long flags, boolean anonymous) implements VmaView {
  static final long START = 1L << 30;

  /** Private anonymous memory with the madvise flags named in a test table. */
  static FakeVma anonymous(String madvise) {
    return new FakeVma(VmFlags.READ | VmFlags.WRITE | madviseFlags(madvise), true);
  }

  /** A file mapping with the madvise flags named in a test table. */
  static FakeVma file(String madvise) {
    return new FakeVma(VmFlags.READ | madviseFlags(madvise), false);
  }

  /** {@code -}, {@code hugepage}, {@code nohugepage} or {@code hugepage+nohugepage}. */
  private static long madviseFlags(String madvise) {
    long flags = 0;
    for (String word : madvise.split("\\+")) {
      flags |=
          switch (word) {
            case "-" -> 0;
            case "hugepage" -> VmFlags.HUGEPAGE;
            case "nohugepage" -> VmFlags.NOHUGEPAGE;
            default -> throw new IllegalArgumentException(word);
          };
    }
    return flags;
  }

  @Override
  public long start() {
    return START;
  }

  @Override
  public long end() {
    return START + (4L << 20);
  }
}
