package org.kmodel.kernel.scenario.op;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import org.kmodel.api.mm.VmFlags;
import org.kmodel.kernel.mm.Machine;
import org.kmodel.kernel.mm.MemoryManager;
import org.kmodel.kernel.mm.MmException;
import org.kmodel.kernel.mm.Process;
import org.kmodel.kernel.scenario.model.Trace;
import org.kmodel.kernel.scenario.parse.Args;
import org.kmodel.kernel.scenario.parse.OpInput;
import org.kmodel.kernel.scenario.value.InputText;

/**
 * {@code trace: {pid, file, as}}: replays a Valgrind Lackey trace's loads, stores and modifies (a
 * modify as a store) in order, at the traced program's addresses; instruction fetches are counted
 * only, as code is file-backed and the model maps anonymous memory. The pages the trace touches are
 * mapped first, anonymous and read-write, wherever nothing maps them yet: one mapping per run of
 * pages no more than a PMD apart (so a large heap can get huge pages as a real one would). The
 * region {@code as} spans the lowest to the highest page touched.
 */
final class TraceOp extends MemoryOperation<Trace> {
  /** Accesses handed to the memory manager at once. */
  private static final int BATCH = 1 << 16;

  TraceOp() {
    super("trace", Trace.class);
  }

  @Override
  public Trace parse(OpInput in) {
    Args a = in.args(null, "pid", "file", "as");
    String pid = a.name("pid");
    String as = a.name("as");
    String written = a.text("file");
    String file = null;
    if (written != null) {
      try {
        file = Path.of(in.diag().file()).resolveSibling(written).toString();
      } catch (InvalidPathException e) {
        a.report("file", "bad path '" + InputText.quote(written) + "' for trace: " + e.getReason());
      }
    }
    if (in.names().use(a.node("pid"), pid)) {
      in.names().defineRegion(a.node("as"), pid, as, null);
    }
    return pid == null || as == null || file == null
        ? null
        : new Trace(in.at(), pid, as, file, written);
  }

  @Override
  void run(Trace s, StepContext ctx) {
    Machine machine = ctx.kernel().machine();
    long pageSize = machine.pageSize;
    Path path = Path.of(s.file());
    String name = "trace '" + InputText.quote(s.written()) + "'";
    try {
      long bytes = Files.size(path);
      if (bytes > LackeyTrace.MAX_BYTES) {
        throw new BadInputException(
            s.where(), name + " is " + bytes + " bytes, more than the 1 GiB a trace may have");
      }
    } catch (IOException e) {
      throw new BadInputException(s.where(), "cannot read " + name + ": " + why(e));
    }
    LackeyTrace trace = new LackeyTrace(path, pageSize);
    MemoryManager mm = ctx.kernel().mm();
    try {
      long[] pages = trace.pages();
      if (pages.length == 0) {
        throw new BadInputException(s.where(), name + " has no load, store or modify");
      }
      mapRuns(s, mm, pages, pageSize, machine.pmdSize == 0 ? 512 : machine.pmdSize / pageSize);
      mm.process(s.pid())
          .regions()
          .put(
              s.as(),
              new Process.Region(pages[0] * pageSize, (pages[pages.length - 1] + 1) * pageSize));
      LackeyTrace.Counts counts = new LackeyTrace.Counts();
      Replay replay = new Replay(mm, s.pid());
      trace.pass(counts, replay::add);
      boolean alive = replay.flush();
      ctx.kernel()
          .events()
          .record(
              "trace",
              String.format(
                  Locale.ROOT,
                  "%s in %s: %d loads, %d stores, %d modifies over %d pages; %d instruction"
                      + " fetches not replayed",
                  s.written(),
                  s.pid(),
                  counts.loads,
                  counts.stores,
                  counts.modifies,
                  pages.length,
                  counts.instructions),
              Map.of("where", s.where().toString()));
      if (!alive) {
        failIfSegv(ctx, s.where(), s.pid());
      }
    } catch (LackeyTrace.Malformed e) {
      throw new BadInputException(s.where(), name + ": line " + e.line + " " + e.getMessage());
    } catch (IOException e) {
      throw new BadInputException(s.where(), "cannot read " + name + ": " + why(e));
    }
  }

  /** Maps each run of pages no more than {@code gap} pages apart. */
  private static void mapRuns(Trace s, MemoryManager mm, long[] pages, long pageSize, long gap) {
    int first = 0;
    for (int i = 1; i <= pages.length; i++) {
      if (i == pages.length || pages[i] - pages[i - 1] > gap) {
        long start = pages[first] * pageSize;
        long end = (pages[i - 1] + 1) * pageSize;
        try {
          mm.mapHoles(s.pid(), start, end, VmFlags.READ | VmFlags.WRITE);
        } catch (MmException e) {
          throw new BadInputException(
              s.where(),
              String.format(
                  Locale.ROOT,
                  "trace '%s' touches [%#x, %#x): %s",
                  InputText.quote(s.written()),
                  start,
                  end,
                  e.getMessage()));
        }
        first = i;
      }
    }
  }

  private static String why(IOException e) {
    return e instanceof java.nio.file.NoSuchFileException
        ? "no such file"
        : e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
  }

  /** Runs of loads or of stores, handed over in batches; false once the process died. */
  private static final class Replay {
    private final MemoryManager mm;
    private final String pid;
    private final long[] batch = new long[BATCH];
    private int n;
    private boolean write;
    private boolean alive = true;

    Replay(MemoryManager mm, String pid) {
      this.mm = mm;
      this.pid = pid;
    }

    boolean add(long address, boolean isWrite) {
      if (n > 0 && (isWrite != write || n == batch.length) && !flush()) {
        return false;
      }
      write = isWrite;
      batch[n++] = address;
      return true;
    }

    boolean flush() {
      if (n > 0 && alive) {
        alive = mm.touchAt(pid, n == batch.length ? batch : Arrays.copyOf(batch, n), write);
      }
      n = 0;
      return alive;
    }
  }
}
