package org.kmodel.kernel.scenario.op;

import java.util.Locale;
import org.kmodel.api.fs.BalanceFilter;
import org.kmodel.api.fs.BlockGroupType;
import org.kmodel.api.fs.FileSystem;
import org.kmodel.api.fs.FsTask;
import org.kmodel.kernel.fs.FsSupport;
import org.kmodel.kernel.scenario.model.Balance;
import org.kmodel.kernel.scenario.parse.Args;
import org.kmodel.kernel.scenario.parse.OpInput;

/**
 * {@code balance: {type?, usage?, limit?}}: relocates every block group the filters select; see
 * {@link Balance}.
 */
final class BalanceOp extends FsOperation<Balance> {

  /** Block-group types as {@code balance} filters them. */
  private enum GroupType {
    DATA,
    METADATA,
    SYSTEM
  }

  BalanceOp() {
    super("balance", Balance.class);
  }

  @Override
  public Balance parse(OpInput in) {
    Args a = in.args(null, "type?", "usage?", "limit?");
    in.names().filesystem(in.opNode(), "balance");
    GroupType type = a.choice("type", GroupType.class);
    Long usage = a.integer("usage");
    if (usage != null && (usage < 0 || usage > 100)) {
      a.report("usage", "'usage' for balance must be from 0 to 100 (percent), not " + usage);
      usage = null;
    }
    Long limit = a.integer("limit");
    if (limit != null && (limit < 1 || limit > Integer.MAX_VALUE)) {
      a.report(
          "limit", "'limit' for balance must be from 1 to " + Integer.MAX_VALUE + ", not " + limit);
      limit = null;
    }
    boolean bad =
        (a.has("type") && type == null)
            || (a.has("usage") && usage == null)
            || (a.has("limit") && limit == null);
    return bad
        ? null
        : new Balance(
            in.at(),
            type == null ? null : type.name().toLowerCase(Locale.ROOT),
            usage == null ? -1 : usage.intValue(),
            limit == null ? -1 : limit.intValue());
  }

  @Override
  public Needs needs() {
    return Needs.RELOCATION;
  }

  @Override
  FsTask task(Balance b, FileSystem fs, FsSupport support) {
    BlockGroupType type =
        b.type() == null ? null : BlockGroupType.valueOf(b.type().toUpperCase(Locale.ROOT));
    return fs.balance(
        BalanceFilter.builder().type(type).usagePercent(b.usage()).limit(b.limit()).build());
  }
}
