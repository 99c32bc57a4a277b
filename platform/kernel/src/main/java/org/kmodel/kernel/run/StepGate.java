package org.kmodel.kernel.run;

import org.kmodel.kernel.Kernel;

/**
 * Lets an interactive front end hold a run between steps: the run's thread calls it at every step
 * boundary and once at the end, and it may block there while another thread reads or changes the
 * kernel (the run is quiescent until the call returns).
 */
public interface StepGate {
  /**
   * Before a step runs.
   *
   * @param daemon whether the step is a kernel thread's (khugepaged), not the scenario's
   * @param step what the step will do, as timelines print it
   * @return false to stop the run before the step
   */
  boolean beforeStep(Kernel kernel, String task, boolean daemon, String step);

  /** After the run's last step, before its result is made and the kernel shut down. */
  void atEnd(Kernel kernel);
}
