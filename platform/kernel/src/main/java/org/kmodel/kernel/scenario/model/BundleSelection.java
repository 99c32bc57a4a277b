package org.kmodel.kernel.scenario.model;

import java.util.List;

/**
 * Which bundles a scenario composes: either a bundle-set name from {@code conf/} ({@code bundles:
 * default}) or an explicit list of bundle names. Exactly one of {@code setName} and {@code bundles}
 * is non-null.
 *
 * @param setName the bundle-set name, or null when a list is given
 * @param bundles the bundle names in file order, or null when a set name is given
 * @param where where the selection is written (the top of the file when defaulted)
 */
public record BundleSelection(String setName, List<String> bundles, Location where) {

  /** The set used when a scenario names none. */
  public static final String DEFAULT_SET = "default";

  /** Checks that exactly one form is given and copies the list. */
  public BundleSelection {
    if ((setName == null) == (bundles == null)) {
      throw new IllegalArgumentException("give either a bundle-set name or a list of bundles");
    }
    bundles = bundles == null ? null : List.copyOf(bundles);
  }

  /** A selection by bundle-set name. */
  public static BundleSelection ofSet(String setName, Location where) {
    return new BundleSelection(setName, null, where);
  }

  /** A selection by explicit bundle names. */
  public static BundleSelection ofBundles(List<String> bundles, Location where) {
    return new BundleSelection(null, bundles, where);
  }
}
