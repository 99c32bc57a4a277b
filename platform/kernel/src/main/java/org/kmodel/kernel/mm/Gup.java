package org.kmodel.kernel.mm;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.kmodel.api.mm.VmFlags;

/**
 * {@code pin_user_pages} (FOLL_PIN) and its release, with Linux 5.19+'s rules for anonymous memory
 * (David Hildenbrand, "mm/gup: trigger FAULT_FLAG_UNSHARE when R/O-pinning a possibly shared
 * anonymous page"): a pin must hold an exclusive page, so the page it holds is the one the process
 * keeps seeing. A read-write pin faults in for writing, which breaks COW; a read-only pin of a page
 * that is not exclusive first runs an unshare fault ({@code gup_must_unshare}), which copies a
 * shared page (or reuses one no one else maps) and leaves it mapped read-only and exclusive. The
 * shared zero page is pinned as it is. {@code FOLL_LONGTERM} is recorded; for anonymous memory it
 * changes nothing here (Linux would also migrate the pages out of ZONE_MOVABLE and CMA, which the
 * model does not have). Kernels before 5.19 did none of this, which is why cow.c's "R/O pin sees
 * modifications" cases failed there.
 */
final class Gup {
  private final PhysicalMemory memory;
  private final PageTables tables;
  private final int pageShift;
  private final long pmdSize;
  private final PageWalk walk;
  private final UserAccess access;
  private final CowFaults cow;
  private final FolioPut folios;
  private final VmEvents ev;
  private final Map<String, UserPin> pins = new LinkedHashMap<>();

  Gup(
      Machine machine,
      PageWalk walk,
      UserAccess access,
      CowFaults cow,
      FolioPut folios,
      VmEvents ev) {
    this.memory = machine.memory;
    this.tables = machine.tables;
    this.pageShift = machine.pageShift;
    this.pmdSize = machine.pmdSize;
    this.walk = walk;
    this.access = access;
    this.cow = cow;
    this.folios = folios;
    this.ev = ev;
  }

  /**
   * Pins every page of [start, end) of {@code p} under {@code name}: EFAULT when a page is not in a
   * VMA or the VMA does not allow the access, ENOMEM when the process died faulting (OOM).
   */
  void pin(Process p, String name, long start, long end, boolean write, boolean longterm) {
    UserPin old = pins.get(name);
    if (old != null && !old.released()) {
      throw new MmException("EEXIST", "pin " + name + " is held already");
    }
    Mm mm = p.mm();
    int n = (int) ((end - start) >>> pageShift);
    for (int i = 0; i < n; i++) {
      Vma vma = mm.find(start + ((long) i << pageShift));
      long need = write ? VmFlags.WRITE : VmFlags.READ;
      if (vma == null || (vma.flags() & need) == 0) {
        throw new MmException(
            "EFAULT",
            String.format(
                "%s: %#x is %s",
                p.pid(),
                start + ((long) i << pageShift),
                vma == null ? "not mapped" : "not " + (write ? "writable" : "readable")));
      }
    }
    long[] frames = new long[n];
    for (int i = 0; i < n; i++) {
      long pfn = grab(p, start + ((long) i << pageShift), write);
      if (pfn == Long.MIN_VALUE) {
        new UserPin(name, mm, Arrays.copyOf(frames, i), write, longterm).release(folios);
        throw new MmException("ENOMEM", p.pid() + " was killed while its pages were pinned");
      }
      frames[i] = pfn;
    }
    UserPin pin = new UserPin(name, mm, frames, write, longterm);
    pins.put(name, pin);
    mm.pins.add(pin);
  }

  /** One page: faulted in as the pin needs it, unshared when read-only and not exclusive. */
  private long grab(Process p, long va, boolean write) {
    Mm mm = p.mm();
    Vma vma = mm.find(va);
    while (true) {
      long leaf = walk.leaf(mm, va);
      if (!Pte.present(leaf) || (write && !Pte.writable(leaf))) {
        if (!access.access(p, va, write)) {
          return Long.MIN_VALUE;
        }
        continue;
      }
      if (Pte.isZero(leaf)) {
        return UserPin.ZERO;
      }
      long pfn = Pte.payload(leaf);
      if (Pte.isHuge(leaf)) {
        pfn += (va & (pmdSize - 1)) >>> pageShift;
      }
      if (!write && !memory.has(pfn, PhysicalMemory.ANON_EXCLUSIVE)) {
        ev.pgfault.inc();
        if (unshare(mm, vma, va) == VmFault.OOM) {
          return Long.MIN_VALUE;
        }
        continue;
      }
      memory.pin(pfn);
      ev.follPinAcquired.inc();
      return pfn;
    }
  }

  /** handle_mm_fault with FAULT_FLAG_UNSHARE on a present entry. */
  private int unshare(Mm mm, Vma vma, long va) {
    PageTables t = tables;
    int pmdT = walk.pmdTable(mm, va, false);
    int pmdI = t.index(t.pmdLevel(), va);
    long pmd = t.get(pmdT, pmdI);
    if (Pte.isHuge(pmd)) {
      return cow.hugeWpFault(mm, vma, va, pmdT, pmdI, pmd, true);
    }
    int pteT = (int) Pte.payload(pmd);
    int pteI = t.index(t.depth() - 1, va);
    return cow.wpFault(mm, vma, va, pteT, pteI, t.get(pteT, pteI), true);
  }

  /** Drops the pin {@code name}; EINVAL when no such pin is held. */
  void unpin(String name) {
    UserPin pin = pins.remove(name);
    if (pin == null || pin.released()) {
      throw new MmException("EINVAL", "no pin " + name + " is held");
    }
    pin.mm.pins.remove(pin);
    pin.release(folios);
  }

  /**
   * What a read through the pin {@code name} at byte {@code offset} sees: the content of the frame
   * it holds, whatever the page tables map there now.
   */
  int read(String name, long offset) {
    UserPin pin = pins.get(name);
    if (pin == null || pin.released()) {
      throw new MmException(
          "EINVAL", "no pin " + name + " is held" + (pin == null ? "" : " (its process exited)"));
    }
    long i = offset >>> pageShift;
    if (offset < 0 || i >= pin.frames.length) {
      throw new MmException("EINVAL", "offset " + offset + " is past the end of pin " + name);
    }
    long pfn = pin.frames[(int) i];
    return pfn == UserPin.ZERO ? PhysicalMemory.ZERO_CONTENT : memory.content(pfn);
  }
}
