package org.kmodel.kernel.scenario.value;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.kmodel.api.KernelVersion;

/**
 * The Linux releases a scenario may name in {@code machine.kernel} (and {@code --kernel}): the
 * named ones, where the modelled behaviour of anonymous memory changes most, and any release from
 * 2.6.38 up. Every behaviour is gated on the release that introduced it (docs/MEMORY.md, "Kernel
 * versions"), so a release between two named ones has every change up to it; one after the newest
 * behaves as the newest.
 */
public final class KernelReleases {
  /** The newest modelled release, and the default. */
  public static final KernelVersion NEWEST = KernelVersion.of(6, 13);

  /** The releases the documentation names, oldest first. */
  public static final List<KernelVersion> NAMED =
      List.of(
          KernelVersion.of(2, 6, 38),
          KernelVersion.of(4, 7),
          KernelVersion.of(5, 8),
          KernelVersion.of(6, 1),
          KernelVersion.of(6, 12),
          NEWEST);

  /** The last minor release of each major line before 6, by major: 3.19, 4.20, 5.19. */
  private static final int[] LAST_MINOR = {-1, -1, -1, 19, 20, 19};

  private static final Pattern RELEASE =
      Pattern.compile("([1-9][0-9]{0,2})\\.(0|[1-9][0-9]{0,2})(?:\\.(0|[1-9][0-9]{0,3}))?\\+?");

  private KernelReleases() {}

  /**
   * The release {@code text} names — {@code 2.6.38}, {@code 5.8}, {@code 6.1.55}, {@code 6.13+} (a
   * trailing {@code +} changes nothing) — or {@code null} when it names none from 2.6.38 up.
   */
  public static KernelVersion parse(String text) {
    Matcher m = text == null ? null : RELEASE.matcher(text.strip());
    if (m == null || !m.matches()) {
      return null;
    }
    int major = Integer.parseInt(m.group(1));
    int minor = Integer.parseInt(m.group(2));
    int sublevel = m.group(3) == null ? 0 : Integer.parseInt(m.group(3));
    if (major == 2) {
      return minor == 6 && sublevel >= 38 ? KernelVersion.of(2, 6, sublevel) : null;
    }
    if (major < 2 || major < LAST_MINOR.length && minor > LAST_MINOR[major]) {
      return null;
    }
    return KernelVersion.of(major, minor, sublevel);
  }

  /** What a scenario may write, for messages. */
  public static String choices() {
    StringBuilder s = new StringBuilder();
    for (KernelVersion v : NAMED) {
      s.append(s.isEmpty() ? "" : " | ").append(v);
    }
    return s.append("+ or any release from 2.6.38 up, e.g. 6.6").toString();
  }
}
