package org.kmodel.container.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code kmodel sweep --slurm}: writes a job array script whose task I runs {@code kmodel sweep
 * --only-chunk I} on the I-th chunk of variants (all seeds) into {@code DIR/part-I}, submits it
 * with {@code sbatch --wait}, and reads the pieces back in variant order.
 */
final class SlurmSweep {
  /** System property naming the sbatch command; {@code sbatch} on the PATH unless set. */
  static final String SBATCH_PROPERTY = "kmodel.sbatch";

  private static final long POLL_MILLIS = 1000;

  /** Why the job did not give every piece: one line for the user. */
  static final class Failed extends Exception {
    Failed(String message) {
      super(message);
    }
  }

  /**
   * The Slurm side of a sweep.
   *
   * @param launcher the {@code bin/kmodel} each task runs
   * @param out the sweep's output directory, absolute
   * @param chunks how many array tasks
   * @param sweepArgs the arguments after {@code kmodel sweep} every task gets, before its own
   *     {@code --only-chunk} and {@code --out}
   * @param sbatchArgs options for sbatch: partition, time and the user's extra ones
   */
  record Job(Path launcher, Path out, int chunks, List<String> sweepArgs, List<String> sbatchArgs) {
    Job {
      sweepArgs = List.copyOf(sweepArgs);
      sbatchArgs = List.copyOf(sbatchArgs);
    }

    Path slurmDir() {
      return out.resolve("slurm");
    }

    Path part(int chunk) {
      return out.resolve("part-" + chunk);
    }

    /** The batch script: the task's sweep, its chunk from the array index. */
    String script() {
      StringBuilder b = new StringBuilder("#!/bin/sh\n");
      b.append("# kmodel sweep as a Slurm job array: ")
          .append(chunks)
          .append(" task")
          .append(chunks == 1 ? "" : "s")
          .append(", each writing ")
          .append(out.resolve("part-<task>"))
          .append("/sweep.json\n");
      b.append("exec ").append(quote(launcher.toString())).append(" sweep");
      b.append(" --only-chunk \"$SLURM_ARRAY_TASK_ID\"");
      b.append(" --out ").append(quote(out.resolve("part-").toString()));
      b.append("\"$SLURM_ARRAY_TASK_ID\"");
      for (String a : sweepArgs) {
        b.append(" \\\n    ").append(quote(a));
      }
      return b.append('\n').toString();
    }

    /** The sbatch command line that submits {@code script} and waits for every task. */
    List<String> sbatchCommand(Path script) {
      List<String> cmd = new ArrayList<>();
      cmd.add(System.getProperty(SBATCH_PROPERTY, "sbatch"));
      cmd.addAll(
          List.of(
              "--parsable",
              "--wait",
              "--job-name=kmodel-sweep",
              "--array=0-" + (chunks - 1),
              "--chdir=" + Path.of("").toAbsolutePath(),
              "--output=" + slurmDir().resolve("task-%a.out"),
              "--error=" + slurmDir().resolve("task-%a.err")));
      cmd.addAll(sbatchArgs);
      cmd.add(script.toString());
      return cmd;
    }
  }

  private SlurmSweep() {}

  /**
   * Submits the job, waits for it, printing on {@code err} how many tasks have written their
   * pieces, and returns each task's {@code sweep.json}, in task order.
   *
   * @throws Failed when sbatch cannot run or refuses the job, or a task wrote no pieces
   */
  static List<Path> run(Job job, PrintWriter err) throws Failed, IOException {
    if (!Files.isExecutable(job.launcher())) {
      throw new Failed(
          "--slurm: no launcher at " + job.launcher() + " (run sweep from an installed kmodel)");
    }
    Files.createDirectories(job.slurmDir());
    List<Path> pieces = new ArrayList<>();
    for (int i = 0; i < job.chunks(); i++) {
      Path piece = job.part(i).resolve(SweepCommand.JSON_FILE);
      Files.deleteIfExists(piece);
      pieces.add(piece);
    }
    Path script = job.slurmDir().resolve("sweep.sbatch");
    Files.writeString(script, job.script());
    Path sbatchOut = job.slurmDir().resolve("sbatch.out");
    Path sbatchErr = job.slurmDir().resolve("sbatch.err");
    List<String> cmd = job.sbatchCommand(script);
    Process p;
    try {
      p =
          new ProcessBuilder(cmd)
              .redirectOutput(sbatchOut.toFile())
              .redirectError(sbatchErr.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
              .start();
    } catch (IOException e) {
      throw new Failed(
          "--slurm: cannot run "
              + cmd.get(0)
              + " (is Slurm's client installed and on the PATH?): "
              + e.getMessage());
    }
    err.printf("kmodel sweep: submitted %d Slurm task(s): %s%n", job.chunks(), script);
    err.flush();
    int done = 0;
    int rc;
    try {
      while (!p.waitFor(POLL_MILLIS, TimeUnit.MILLISECONDS)) {
        done = report(err, pieces, done);
      }
      rc = p.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroy();
      throw new Failed("--slurm: interrupted while waiting for the job");
    }
    report(err, pieces, done);
    String id = firstLine(sbatchOut).split(";")[0].trim();
    if (id.isEmpty()) {
      throw new Failed(
          "sbatch refused the job (exit "
              + rc
              + "): "
              + firstLine(sbatchErr)
              + " ("
              + script
              + ")");
    }
    for (int i = 0; i < pieces.size(); i++) {
      if (!Files.isRegularFile(pieces.get(i))) {
        throw new Failed(
            "Slurm job "
                + id
                + " task "
                + i
                + " failed (sbatch exit "
                + rc
                + "): see "
                + job.slurmDir().resolve("task-" + i + ".err"));
      }
    }
    return pieces;
  }

  private static int report(PrintWriter err, List<Path> pieces, int before) {
    int done = (int) pieces.stream().filter(Files::isRegularFile).count();
    if (done != before) {
      err.printf("[%d/%d] Slurm tasks done%n", done, pieces.size());
      err.flush();
    }
    return done;
  }

  private static String firstLine(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      return "";
    }
    return Files.readAllLines(file).stream().filter(l -> !l.isBlank()).findFirst().orElse("");
  }

  /** A word for sh: in single quotes, a quote written '\''. */
  static String quote(String s) {
    return "'" + s.replace("'", "'\\''") + "'";
  }
}
