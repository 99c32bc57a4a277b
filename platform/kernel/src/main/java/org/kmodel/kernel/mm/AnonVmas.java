package org.kmodel.kernel.mm;

import java.util.ArrayList;
import java.util.List;

/**
 * Every anon_vma of one machine, by the id the frame table's reverse-map entry of a page names (id
 * 0 is none), and {@code anon_vma_prepare}: a VMA gets its anon_vma when its first anonymous page
 * is mapped.
 */
final class AnonVmas {
  private final List<AnonVma> byId = new ArrayList<>();

  AnonVmas() {
    byId.add(null);
  }

  /** The anon_vma of this id, or {@code null} for id 0. */
  AnonVma get(int id) {
    return byId.get(id);
  }

  /** The VMA's anon_vma, made (with the VMA's pgoff as its base) if it has none yet. */
  AnonVma anonVmaFor(Vma vma) {
    if (vma.anonVma() == null) {
      AnonVma av = new AnonVma(byId.size(), vma.pgoff());
      byId.add(av);
      av.vmas().add(vma);
      vma.setAnonVma(av);
    }
    return vma.anonVma();
  }
}
