package org.kmodel.kernel.run;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.kmodel.kernel.KernelConfig;
import org.kmodel.kernel.cost.CpuProfiles;
import org.kmodel.kernel.mm.boot.BuddyInfo;
import org.kmodel.kernel.scenario.model.Machine;
import org.kmodel.kernel.scenario.model.Scenario;
import org.kmodel.kernel.scenario.op.BadInputException;
import org.kmodel.kernel.scenario.value.Sizes;

/** Builds the kernel configuration a scenario's {@code machine:} and {@code boot:} describe. */
public final class MachineConfig {
  private MachineConfig() {}

  /**
   * @throws BadInputException for an unreadable or malformed buddyinfo file, or a machine too small
   *     for it, naming the scenario's {@code machine:} location and the file's line:column
   */
  public static KernelConfig of(Scenario scenario) {
    return of(scenario, CpuProfiles.builtIn());
  }

  /**
   * @param profiles where CPU profiles named by the scenario (and architecture defaults) are found
   * @throws BadInputException as {@link #of(Scenario)}, and for a malformed CPU profile file or a
   *     malformed profile of the installation; a name no installed profile has is left for the
   *     architecture's own profiles, and reported at boot when it has none either
   */
  public static KernelConfig of(Scenario scenario, CpuProfiles profiles) {
    Machine m = scenario.machine();
    checkHeap(m, Runtime.getRuntime().maxMemory());
    String cpu = m.cpu();
    if (cpu != null
        && (cpu.contains("/") || cpu.endsWith(".yaml") || profiles.names().contains(cpu))) {
      try {
        profiles.load(cpu);
      } catch (IllegalArgumentException e) {
        throw new BadInputException(m.where(), e.getMessage());
      }
    }
    long[] buddyinfo = null;
    if (m.buddyinfoPath() != null) {
      Path file = Path.of(m.buddyinfoPath());
      String text;
      try {
        text = Files.readString(file);
      } catch (IOException e) {
        throw new BadInputException(m.where(), "cannot read buddyinfo " + file + ": " + why(e));
      }
      BuddyInfo info = BuddyInfo.parse(text);
      if (!info.ok()) {
        BuddyInfo.Problem p = info.problems().get(0);
        throw new BadInputException(
            m.where(), file + ":" + p.line() + ":" + p.column() + ": " + p.message());
      }
      buddyinfo = info.freeBlocksPerOrder();
    }
    try {
      return new KernelConfig(
          m.memoryBytes(),
          m.swapBytes(),
          scenario.boot(),
          scenario.seed(),
          m.fragmentation(),
          buddyinfo,
          cpu,
          profiles,
          m.nestedHostPageSize(),
          m.cost(),
          m.kernel());
    } catch (IllegalArgumentException e) {
      throw new BadInputException(m.where(), e.getMessage());
    }
  }

  /** Why a file could not be read, in words: the exception's name means nothing to a user. */
  private static String why(IOException e) {
    if (e instanceof NoSuchFileException) {
      return "no such file";
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof CharacterCodingException) {
      return "not UTF-8 text";
    }
    return "an I/O error";
  }

  /**
   * Heap bytes a machine may need: its frame table and, were all of it mapped by base pages, its
   * page tables, with 4 KiB pages (the smallest base page any shipped architecture has).
   */
  static final long HEAP_BYTES_PER_4K_PAGE = 24;

  /**
   * Refuses, before anything is built, a machine whose frame table and page tables cannot fit the
   * heap.
   *
   * @throws ResourceLimitException naming the heap the machine needs and how to get it
   */
  static void checkHeap(Machine m, long maxHeap) {
    long need = m.memoryBytes() / (4L << 10) * HEAP_BYTES_PER_4K_PAGE;
    if (need <= maxHeap) {
      return;
    }
    long suggest = Long.highestOneBit(need + need / 4) << 1;
    throw new ResourceLimitException(
        m.where(),
        "a "
            + Sizes.format(m.memoryBytes())
            + " machine needs up to "
            + human(need)
            + " of Java heap ("
            + HEAP_BYTES_PER_4K_PAGE
            + " bytes per 4K page for its frame table and page tables); this JVM has "
            + human(maxHeap)
            + ": raise it with KMODEL_HEAP="
            + (suggest >= 1L << 30 ? (suggest >> 30) + "g" : (suggest >> 20) + "m"));
  }

  private static String human(long bytes) {
    return bytes >= 1L << 30
        ? String.format(java.util.Locale.ROOT, "%.1f GiB", bytes / (double) (1L << 30))
        : (bytes >> 20) + " MiB";
  }
}
