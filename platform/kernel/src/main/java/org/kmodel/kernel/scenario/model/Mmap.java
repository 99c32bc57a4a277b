package org.kmodel.kernel.scenario.model;

/**
 * {@code mmap}: an anonymous private mapping, known to later steps as region {@code as} of {@code
 * pid}.
 *
 * @param where where the op is written
 * @param pid the process
 * @param as the new region's name
 * @param size bytes; positive, and a whole number of base pages (checked when the run starts)
 * @param align the alignment of the start address, a power of two of at least the base page; 0 for
 *     none
 * @param prot the protection; {@link Prot#RW} unless given
 */
public record Mmap(Location where, String pid, String as, long size, long align, Prot prot)
    implements Step {

  @Override
  public String op() {
    return "mmap";
  }
}
