package org.kmodel.fs.btrfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.kmodel.fs.btrfs.Scenarios.SECTOR;
import static org.kmodel.fs.btrfs.Scenarios.X;
import static org.kmodel.fs.btrfs.Scenarios.buffered;
import static org.kmodel.fs.btrfs.Scenarios.run;

import org.junit.jupiter.api.Test;

/** The state hash: equal for equal states, different when something that matters changed. */
class StateHashTest {

  private static Btrfs build() {
    FakeFsContext ctx = Scenarios.context(Recipes.WAIT_RESERVATIONS_47);
    Btrfs fs = Scenarios.mkfs(ctx);
    run(
        ctx,
        fs.create("f", false),
        buffered(fs, "f", 0, 2 * SECTOR, 1),
        fs.fsync("f"),
        fs.commit());
    return fs;
  }

  @Test
  void equalStatesHashEqual() {
    Btrfs one = build();
    Btrfs two = build();
    assertEquals(one.stateHash(), two.stateHash());
    run(
        (FakeFsContext) two.ctx,
        two.commit()); // nothing to run: same state, only the transaction number moved
    assertEquals(one.stateHash(), two.stateHash());
  }

  @Test
  void everyStepThatChangesStateChangesTheHash() {
    Btrfs fs = build();
    long before = fs.stateHash();
    FakeFsContext ctx = (FakeFsContext) fs.ctx;
    run(ctx, buffered(fs, "f", 0, SECTOR, 2));
    long dirty = fs.stateHash();
    assertNotEquals(before, dirty);

    Driver d = new Driver(ctx, fs.fsync("f"), fs.relocate(X));
    long last = dirty;
    for (int i = 0; i < 2; i++) {
      d.step(0); // reserve, ordered extent + bio
      assertNotEquals(last, fs.stateHash(), d.toString());
      last = fs.stateHash();
    }
    d.step(2); // the endio-write worker joins the transaction
    d.step(2); // btrfs_finish_ordered_io: the file extent item
    assertNotEquals(last, fs.stateHash(), d.toString());
    last = fs.stateHash();
    d.step(2); // the ordered extent removed, the range unlocked
    assertNotEquals(last, fs.stateHash(), d.toString());
    last = fs.stateHash();
    d.step(1); // read-only
    assertNotEquals(last, fs.stateHash());
  }
}
