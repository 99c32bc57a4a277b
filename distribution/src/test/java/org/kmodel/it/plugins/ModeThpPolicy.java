package org.kmodel.it.plugins;

import org.kmodel.api.PluginContext;
import org.kmodel.api.knob.ReadOnlyKnob;
import org.kmodel.api.mm.VmaView;
import org.kmodel.api.thp.Defrag;
import org.kmodel.api.thp.KhugepagedTuning;
import org.kmodel.api.thp.ThpPolicy;

/**
 * A THP policy that never uses huge pages and shows which implementation is attached through a knob
 * of its own, {@code /sys/kernel/mm/transparent_hugepage/mode}. Built into throwaway bundles by the
 * integration tests.
 */
public class ModeThpPolicy implements ThpPolicy {
  public static final String MODE = "/sys/kernel/mm/transparent_hugepage/mode";

  protected String mode() {
    return "never-test";
  }

  @Override
  public void attach(PluginContext context) {
    context.knobs().register(new ReadOnlyKnob(MODE, this::mode));
  }

  @Override
  public long faultOrders(VmaView vma, long address) {
    return 0;
  }

  @Override
  public Defrag faultDefrag(VmaView vma) {
    return Defrag.NONE;
  }

  @Override
  public boolean useHugeZeroPage() {
    return false;
  }

  @Override
  public boolean khugepagedEligible(VmaView vma) {
    return false;
  }

  @Override
  public KhugepagedTuning khugepagedTuning() {
    return KhugepagedTuning.builder()
        .pagesToScan(4096)
        .scanSleepMillis(10_000)
        .allocSleepMillis(60_000)
        .maxPtesNone(511)
        .maxPtesSwap(64)
        .maxPtesShared(256)
        .defrag(true)
        .build();
  }

  /** The same policy under another name, for hot-deploy tests. */
  public static final class Hot extends ModeThpPolicy {
    @Override
    protected String mode() {
      return "hot";
    }
  }

  /** A policy that cannot attach: the kernel must refuse it and keep what it had. */
  public static final class Broken extends ModeThpPolicy {
    @Override
    public void attach(PluginContext context) {
      throw new IllegalStateException("refusing to attach");
    }
  }
}
