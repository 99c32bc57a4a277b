package org.kmodel.container.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The parts of {@code kmodel sweep} that need no kernel: metric names and the Slurm script. */
class SweepUnitsTest {

  @Test
  void metricsOfEveryFamilyAreAcceptedAndOthersSayWhatIs() {
    for (String m :
        List.of(
            "simulated_us",
            "steps",
            "vmstat.thp_fault_alloc",
            "meminfo.AnonHugePages",
            "fs.extents_written",
            "costs.tlb_l2_misses",
            "phase.first touch.simulated_us",
            "phase.fill#2.faults_huge")) {
      assertNull(SweepMetrics.check(m), m);
    }
    assertTrue(SweepMetrics.check("smaps.p1.b.Rss").startsWith("expected simulated_us"));
    assertTrue(SweepMetrics.check("vmstat.").startsWith("expected simulated_us"));
    assertTrue(SweepMetrics.check("costs.bogus").startsWith("'bogus' is not a cost figure"));
    assertEquals("expected phase.<name>.<field>", SweepMetrics.check("phase.simulated_us"));
  }

  @Test
  void theScriptRunsTheTasksChunkIntoItsPartWithEveryArgumentQuoted() {
    SlurmSweep.Job job =
        new SlurmSweep.Job(
            Path.of("/opt/kmodel/bin/kmodel"),
            Path.of("/data/it's here"),
            3,
            List.of("--vary=boot=a=1\\,2", "--", "x.yaml"),
            List.of("--partition=short"));
    String script = job.script();
    assertTrue(script.startsWith("#!/bin/sh\n"), script);
    assertTrue(
        script.contains(
            "exec '/opt/kmodel/bin/kmodel' sweep --only-chunk \"$SLURM_ARRAY_TASK_ID\" --out"
                + " '/data/it'\\''s here/part-'\"$SLURM_ARRAY_TASK_ID\""),
        script);
    assertTrue(script.contains("'--vary=boot=a=1\\,2' \\\n    '--' \\\n    'x.yaml'\n"), script);
    List<String> cmd = job.sbatchCommand(Path.of("/s.sbatch"));
    assertEquals(
        List.of("sbatch", "--parsable", "--wait", "--job-name=kmodel-sweep"), cmd.subList(0, 4));
    assertTrue(cmd.contains("--array=0-2"), cmd.toString());
    assertTrue(cmd.contains("--error=/data/it's here/slurm/task-%a.err"), cmd.toString());
    assertEquals(
        List.of("--partition=short", "/s.sbatch"), cmd.subList(cmd.size() - 2, cmd.size()));
  }
}
