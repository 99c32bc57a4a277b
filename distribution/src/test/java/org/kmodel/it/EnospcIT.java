package org.kmodel.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.kmodel.kernel.run.RunResult;
import org.kmodel.testkit.Kmodel;
import org.kmodel.testkit.KmodelTest;

/**
 * Running out of space fails the step whose system call would return ENOSPC — a write, a fallocate,
 * mkfs — with exit 1, instead of an event beside an "ok".
 */
@KmodelTest(set = "btrfs")
class EnospcIT {

  @Test
  void aDirectWriteLargerThanTheDeviceFailsTheRun(Kmodel kmodel) throws Exception {
    RunResult r =
        kmodel.run(
            "write.yaml",
            """
            name: write-enospc
            steps:
              - mkfs: {device: 64M, data_chunk: 32M, metadata_chunk: 8M}
              - create: f
              - write: {file: f, length: 128M, value: 1, direct: true}
              - read: {file: f, length: 4K}
            """);
    assertEquals(1, r.exitCode());
    assertEquals(1, r.failures().size(), r.failures().toString());
    assertEquals("write.yaml:5:5", r.failures().get(0).where());
    assertTrue(r.failures().get(0).message().startsWith("write failed: ENOSPC ("), r.toString());
  }

  @Test
  void mkfsWithNoRoomForADataChunkFails(Kmodel kmodel) throws Exception {
    RunResult r =
        kmodel.run(
            "mkfs.yaml",
            """
            name: mkfs-enospc
            steps:
              - mkfs: {device: 16M, data_chunk: 16M, metadata_chunk: 8M}
            """);
    assertEquals(1, r.exitCode(), r.failures().toString());
    assertTrue(r.failures().get(0).message().startsWith("mkfs failed: ENOSPC ("), r.toString());
  }

  @Test
  void aWriteThatFitsIsOk(Kmodel kmodel) throws Exception {
    RunResult r =
        kmodel.run(
            "fits.yaml",
            """
            name: fits
            steps:
              - mkfs: {device: 64M, data_chunk: 32M, metadata_chunk: 8M}
              - create: f
              - write: {file: f, length: 16M, value: 1, direct: true}
              - expect: {data.f.0: 1}
            """);
    assertTrue(r.ok(), r.failures().toString());
  }
}
