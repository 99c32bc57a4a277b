package org.kmodel.kernel.scenario.model;

/**
 * Page protection for {@code mmap} and {@code mprotect}; scenario files write it in lower case
 * ({@code rw}, {@code r}, {@code none}).
 */
public enum Prot {
  /** Read and write: {@code PROT_READ | PROT_WRITE}, the default for mmap. */
  RW,
  /** Read only: {@code PROT_READ}. */
  R,
  /** No access: {@code PROT_NONE}. */
  NONE
}
