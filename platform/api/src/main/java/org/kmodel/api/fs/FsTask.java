package org.kmodel.api.fs;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * The body of a simulated thread of filesystem work: the kernel asks for one step at a time, the
 * next only after the previous one ran, so a task may decide its next step from the state the last
 * one left.
 */
@ConsumerType
public interface FsTask {

  /** The step after the previous one ran (or the first), or {@code null} when the task is done. */
  FsStep next();
}
