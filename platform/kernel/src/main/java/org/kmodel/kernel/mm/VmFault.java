package org.kmodel.kernel.mm;

/** What a fault handler returns, as Linux's {@code vm_fault_t} bits say it. */
final class VmFault {
  /** The entry is now present and permits the access. */
  static final int OK = 0;

  /** The mapping changed under the handler (a PMD was split): walk again. */
  static final int RETRY = 1;

  /** {@code VM_FAULT_OOM}: no memory for the page or a page table. */
  static final int OOM = 2;

  /** {@code VM_FAULT_FALLBACK}: no huge page here; handle the fault with smaller pages. */
  static final int FALLBACK = 3;

  private VmFault() {}
}
