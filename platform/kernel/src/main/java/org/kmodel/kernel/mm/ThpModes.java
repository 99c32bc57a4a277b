package org.kmodel.kernel.mm;

import java.util.List;
import org.kmodel.api.knob.ChoiceKnob;
import org.kmodel.kernel.knob.KnobTree;

/**
 * The kernel's own switches between two Linux generations of a THP path, each a file under {@code
 * /sys/kernel/kmodel/} reading {@code legacy} or {@code modern}: copy-on-write of a huge page
 * (2.6.38–5.7 copies it whole, 5.8+ splits the PMD) and swap-out of a huge page (before ~4.13 it is
 * always split, later it goes out whole into a swap cluster). khugepaged's collapse rule is the THP
 * policy's (thp-linux's {@code khugepaged_collapse}). Paths read the current choice on each use.
 */
final class ThpModes {
  static final String COW_KNOB = "/sys/kernel/kmodel/thp_cow";
  static final String SWAPOUT_KNOB = "/sys/kernel/kmodel/thp_swapout";

  private final ChoiceKnob cow;
  private final ChoiceKnob swapout;

  ThpModes(KnobTree knobs) {
    this.cow = register(knobs, COW_KNOB);
    this.swapout = register(knobs, SWAPOUT_KNOB);
  }

  private static ChoiceKnob register(KnobTree knobs, String path) {
    return knobs.register(
        KnobTree.KERNEL, new ChoiceKnob(path, List.of("legacy", "modern"), "modern"));
  }

  boolean modernCow() {
    return cow.index() == 1;
  }

  boolean modernSwapout() {
    return swapout.index() == 1;
  }
}
