package org.kmodel.api;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A Linux release, as {@code uname -r} names it ({@code 2.6.38}, {@code 5.8}, {@code 6.13}): the
 * release whose behaviour the kernel models, chosen by a scenario's {@code machine.kernel} and
 * fixed for a run ({@link PluginContext#kernelVersion()}). A plugin that follows Linux asks it with
 * {@link #atLeast} at the release a behaviour appeared in, as Linux code is read against {@code
 * LINUX_VERSION_CODE}.
 *
 * <p>Releases before 3.0 have three numbers ({@code 2.6.38}: major 2, minor 6, sublevel 38); later
 * ones two, and a third is a stable update ({@code 6.1.55}), ordered after its release.
 */
@ProviderType
public final class KernelVersion implements Comparable<KernelVersion> {
  private final int major;
  private final int minor;
  private final int sublevel;

  private KernelVersion(int major, int minor, int sublevel) {
    if (major < 0 || minor < 0 || sublevel < 0) {
      throw new IllegalArgumentException(
          "a release has no negative number: " + major + "." + minor + "." + sublevel);
    }
    this.major = major;
    this.minor = minor;
    this.sublevel = sublevel;
  }

  /** The release {@code major.minor.sublevel}, e.g. {@code of(2, 6, 38)} or {@code of(6, 1, 0)}. */
  public static KernelVersion of(int major, int minor, int sublevel) {
    return new KernelVersion(major, minor, sublevel);
  }

  /** The release {@code major.minor}, e.g. {@code of(6, 13)}. */
  public static KernelVersion of(int major, int minor) {
    return new KernelVersion(major, minor, 0);
  }

  public int major() {
    return major;
  }

  public int minor() {
    return minor;
  }

  /** The third number: the release itself before 3.0, a stable update after; 0 when none. */
  public int sublevel() {
    return sublevel;
  }

  /** Whether this release is {@code major.minor} or later. */
  public boolean atLeast(int major, int minor) {
    return atLeast(major, minor, 0);
  }

  /** Whether this release is {@code major.minor.sublevel} or later, e.g. {@code (2, 6, 39)}. */
  public boolean atLeast(int major, int minor, int sublevel) {
    return compareTo(new KernelVersion(major, minor, sublevel)) >= 0;
  }

  @Override
  public int compareTo(KernelVersion o) {
    int c = Integer.compare(major, o.major);
    if (c == 0) {
      c = Integer.compare(minor, o.minor);
    }
    return c != 0 ? c : Integer.compare(sublevel, o.sublevel);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof KernelVersion v
        && v.major == major
        && v.minor == minor
        && v.sublevel == sublevel;
  }

  @Override
  public int hashCode() {
    return (major * 256 + minor) * 65536 + sublevel;
  }

  /** As {@code uname -r} prints it: {@code 2.6.38}, {@code 6.13}, {@code 6.1.55}. */
  @Override
  public String toString() {
    return sublevel == 0 && major >= 3 ? major + "." + minor : major + "." + minor + "." + sublevel;
  }
}
