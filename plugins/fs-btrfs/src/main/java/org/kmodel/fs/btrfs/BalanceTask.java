package org.kmodel.fs.btrfs;

import java.util.Map;
import org.kmodel.api.fs.BalanceFilter;
import org.kmodel.api.fs.FsTask;

/**
 * {@code btrfs_balance}: from the highest block group down, consider each group (one step), and
 * relocate the ones the filter selects; per-chunk ENOSPC is counted and reported at the end as
 * {@code N enospc errors during balance}. A cancel request stops it after the current group.
 */
final class BalanceTask extends Program {
  private final Btrfs fs;
  private final BalanceFilter filter;
  private boolean begun;
  private boolean rejected;
  private boolean finished;

  BalanceTask(Btrfs fs, BalanceFilter filter) {
    this.fs = fs;
    this.filter = filter;
  }

  @Override
  protected FsTask proceed() {
    if (!begun) {
      begun = true;
      return Step.of("balance: start", this::start).once();
    }
    if (rejected || finished) {
      return null;
    }
    BalanceControl b = fs.balance;
    Map.Entry<Long, BlockGroup> next = fs.groups.lowerEntry(b.cursor);
    if (b.cancel || b.limitReached() || next == null) {
      finished = true;
      return Step.of(() -> b.cancel ? "balance: canceled" : "balance: finished", () -> finish(b))
          .once();
    }
    return consider(b, next.getKey());
  }

  private String start() {
    if (fs.balance != null) {
      rejected = true;
      fs.ctx.event("balance", "balance already running (EINPROGRESS)");
      return "EINPROGRESS";
    }
    fs.balance = new BalanceControl(filter);
    fs.ctx.event("balance", "balance started");
    return null;
  }

  private FsTask consider(BalanceControl b, long groupStart) {
    return new Program() {
      private int part;

      @Override
      protected FsTask proceed() {
        return switch (part++) {
          case 0 ->
              Step.of("balance: consider " + fs.groupName(groupStart), () -> select(b, groupStart))
                  .once();
          case 1 ->
              b.currentSelected
                  ? new RelocationTask(fs, groupStart, outcome -> account(b, outcome))
                  : null;
          default -> null;
        };
      }
    };
  }

  private String select(BalanceControl b, long groupStart) {
    b.cursor = groupStart;
    b.considered++;
    fs.stats.inc(Stats.BALANCE_CONSIDERED);
    BlockGroup g = fs.groups.get(groupStart);
    b.currentSelected = g != null && b.accepts(g);
    if (b.currentSelected) {
      b.selected++;
    }
    return b.currentSelected ? "relocate" : "skip";
  }

  private void account(BalanceControl b, RelocationControl.Outcome outcome) {
    b.currentSelected = false;
    if (outcome == RelocationControl.Outcome.RELOCATED) {
      b.relocated++;
      fs.stats.inc(Stats.BALANCE_RELOCATED);
    } else if (outcome == RelocationControl.Outcome.ENOSPC) {
      b.enospc++;
      fs.stats.inc(Stats.BALANCE_ENOSPC);
    }
  }

  private String finish(BalanceControl b) {
    if (b.enospc > 0) {
      fs.ctx.event("enospc", b.enospc + " enospc errors during balance");
    }
    String summary =
        (b.cancel ? "balance canceled" : "balance finished")
            + ": considered "
            + b.considered
            + ", relocated "
            + b.relocated
            + ", "
            + b.enospc
            + " enospc errors";
    fs.ctx.event("balance", summary);
    fs.balance = null;
    return summary;
  }
}
