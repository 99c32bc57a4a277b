package org.kmodel.container.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.kmodel.kernel.scenario.model.Location;
import org.kmodel.kernel.scenario.model.Scenario;

/**
 * One run of {@code kmodel compare}: the scenario with one value of each {@code --vary} option.
 *
 * @param settings one setting per {@code --vary} option, in option order; empty for the scenario as
 *     written
 */
record Variant(List<Setting> settings) {

  /** The name and label of the variant without settings. */
  static final String AS_WRITTEN = "as written";

  /** Copies the list. */
  Variant {
    settings = List.copyOf(settings);
  }

  /**
   * One key set to one value.
   *
   * @param key the key as written
   * @param kind what the key changes
   * @param value the value, unescaped
   * @param label the value as a column heading shows it (see {@link Vary#labels})
   * @param where where the value is written among the {@code --vary} options
   */
  record Setting(String key, Vary.Kind kind, String value, String label, Location where) {
    /** {@code KEY=VALUE}. */
    @Override
    public String toString() {
      return key + "=" + value;
    }
  }

  /**
   * The cartesian product of the options' values, the first option outermost: for {@code --vary
   * a=1,2 --vary b=x,y}, {@code a=1 b=x}, {@code a=1 b=y}, {@code a=2 b=x}, {@code a=2 b=y}. No
   * options give one variant, the scenario as written.
   */
  static List<Variant> expand(List<Vary> varies) {
    List<List<Setting>> product = new ArrayList<>();
    product.add(List.of());
    for (Vary v : varies) {
      List<List<Setting>> next = new ArrayList<>();
      for (List<Setting> prefix : product) {
        for (int i = 0; i < v.values().size(); i++) {
          List<Setting> settings = new ArrayList<>(prefix);
          settings.add(v.setting(i));
          next.add(settings);
        }
      }
      product = next;
    }
    return product.stream().map(Variant::new).toList();
  }

  /**
   * The settings as {@code KEY=VALUE} joined by single spaces, e.g. {@code cpu=zen5
   * /sys/kernel/mm/transparent_hugepage/enabled=never}; {@value #AS_WRITTEN} without settings.
   */
  String name() {
    return settings.isEmpty()
        ? AS_WRITTEN
        : settings.stream().map(Setting::toString).collect(Collectors.joining(" "));
  }

  /**
   * The values' labels, e.g. {@code [zen5, never]}, for column headings and chart legends; {@value
   * #AS_WRITTEN} without settings.
   */
  List<String> labels() {
    return settings.isEmpty()
        ? List.of(AS_WRITTEN)
        : settings.stream().map(Setting::label).toList();
  }

  /** The {@link #labels} joined by single spaces, e.g. {@code zen5 never}. */
  String label() {
    return String.join(" ", labels());
  }

  /** Key to value, in option order. */
  Map<String, String> settingsMap() {
    Map<String, String> m = new LinkedHashMap<>();
    settings.forEach(s -> m.put(s.key(), s.value()));
    return m;
  }

  /** The scenario with every setting applied, in order. */
  Scenario applyTo(Scenario scenario) {
    Scenario s = scenario;
    for (Setting setting : settings) {
      s = setting.kind().apply(s, setting.key(), setting.value(), setting.where());
    }
    return s;
  }
}
