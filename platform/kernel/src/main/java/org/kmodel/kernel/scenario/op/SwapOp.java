package org.kmodel.kernel.scenario.op;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.kmodel.api.SlotId;
import org.kmodel.kernel.Kernel;
import org.kmodel.kernel.scenario.model.Scenario;
import org.kmodel.kernel.scenario.model.Swap;
import org.kmodel.kernel.scenario.parse.Args;
import org.kmodel.kernel.scenario.parse.OpInput;
import org.kmodel.kernel.scenario.parse.Suggestions;
import org.kmodel.kernel.slot.PluginProvider;
import org.kmodel.kernel.slot.PluginSlot;
import org.kmodel.kernel.slot.Slots;

/**
 * {@code swap: {slot, to, wait?}}: puts another implementation into a slot here, waiting (wall
 * clock) for it to be offered; see {@link Swap}.
 */
final class SwapOp extends Action<Swap> {

  SwapOp() {
    super("swap", Swap.class);
  }

  @Override
  public Swap parse(OpInput in) {
    Args a = in.args(null, "slot", "to", "wait?");
    String slot = a.text("slot");
    if (slot != null && !Scenario.SLOT_IDS.contains(slot)) {
      a.report(
          "slot",
          "unknown slot '" + slot + "' for swap " + Suggestions.known(slot, Scenario.SLOT_IDS));
      slot = null;
    }
    String to = a.text("to");
    Long wait = a.duration("wait");
    long millis = wait == null ? 0 : ceilMillis(wait);
    return slot == null || to == null ? null : new Swap(in.at(), slot, to, millis);
  }

  /** Rounds up, so that a wait of 1us still waits. */
  private static long ceilMillis(long nanos) {
    long millis = TimeUnit.NANOSECONDS.toMillis(nanos);
    return millis * 1_000_000 == nanos ? millis : millis + 1;
  }

  @Override
  void run(Swap s, StepContext ctx) {
    Kernel kernel = ctx.kernel();
    SlotId<?> slot = Slots.byId(s.slot());
    PluginSlot<?> holder = kernel.slots().slot(slot);
    String refusal = kernel.slots().pin(slot, s.to(), "swap step at " + s.where());
    if (refusal != null) {
      ctx.fail(s.where(), "swap of " + slot.id() + " to " + s.to() + " refused: " + refusal);
      return;
    }
    long deadline = System.nanoTime() + s.waitMillis() * 1_000_000L;
    try {
      while (!answers(holder.provider(), s.to())) {
        long left = (deadline - System.nanoTime()) / 1_000_000L;
        if (left <= 0 || !kernel.slots().awaitUpdates(left)) {
          if (answers(holder.provider(), s.to())) {
            break;
          }
          List<String> offered =
              kernel.slots().offered(slot).stream().map(PluginProvider::describe).toList();
          throw new BadInputException(
              s.where(),
              "no implementation named '"
                  + s.to()
                  + "' for slot "
                  + slot.id()
                  + (s.waitMillis() > 0 ? " appeared within " + s.waitMillis() + " ms" : "")
                  + " (offered: "
                  + (offered.isEmpty() ? "none" : String.join(", ", offered))
                  + ")");
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BadInputException(s.where(), "interrupted while waiting for " + s.to());
    }
  }

  private static boolean answers(PluginProvider p, String name) {
    return p != null && p.answersTo(name);
  }
}
