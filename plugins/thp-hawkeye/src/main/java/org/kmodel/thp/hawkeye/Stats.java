package org.kmodel.thp.hawkeye;

/** What the policy has done since it was attached, read through {@code /sys/kernel/mm/hawkeye/}. */
final class Stats {
  private long promoted;
  private long demoted;
  private long bloatFreedPages;
  private long prezeroed;

  /** Huge ranges the policy collapsed. */
  long promoted() {
    return promoted;
  }

  /** Huge pages bloat recovery split. */
  long demoted() {
    return demoted;
  }

  /** Zero-filled base pages bloat recovery freed. */
  long bloatFreedPages() {
    return bloatFreedPages;
  }

  /** Huge blocks the policy zeroed into the kernel's pool. */
  long prezeroed() {
    return prezeroed;
  }

  void promotedOne() {
    promoted++;
  }

  void demotedOne(int freedPages) {
    demoted++;
    bloatFreedPages += freedPages;
  }

  void prezeroed(int blocks) {
    prezeroed += blocks;
  }
}
