package org.kmodel.container.cli;

import org.kmodel.api.KernelVersion;
import org.kmodel.kernel.scenario.model.Scenario;
import org.kmodel.kernel.scenario.value.KernelReleases;

/** The {@code --kernel} option the commands that run scenarios share. */
final class KernelOption {
  static final String DESCRIPTION =
      "the Linux release whose behaviour the kernel models: 2.6.38, 4.7, 5.8, 6.1, 6.12, 6.13 or"
          + " any release from 2.6.38 up; overrides the scenario's machine.kernel";

  private KernelOption() {}

  /**
   * The scenario with the release {@code option} names ({@code null}: as written).
   *
   * @throws IllegalArgumentException naming the option when it names no release
   */
  static Scenario apply(Scenario s, String option) {
    if (option == null) {
      return s;
    }
    KernelVersion release = KernelReleases.parse(option);
    if (release == null) {
      throw new IllegalArgumentException(
          "--kernel " + option + ": expected " + KernelReleases.choices());
    }
    return s.withMachine(s.machine().withKernel(release));
  }
}
