package org.kmodel.container;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.kmodel.kernel.slot.Slots;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * The bundle sets of {@code conf/bundle-sets.yaml}:
 *
 * <pre>
 * sets:
 *   default:
 *     description: x86-64, buddy allocator, Linux THP policy
 *     bundles: [arch-x86_64, allocator-buddy, thp-linux]
 *     slots: {thp-policy: thp-linux}     # optional pins
 * </pre>
 */
public final class BundleSets {
  private final Path file;
  private final Map<String, BundleSet> sets;

  private BundleSets(Path file, Map<String, BundleSet> sets) {
    this.file = file;
    this.sets = sets;
  }

  public static BundleSets load(Path file) {
    Object root;
    try (Reader in = Files.newBufferedReader(file)) {
      root = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
    } catch (IOException e) {
      throw new ContainerException("cannot read " + file + ": " + e.getMessage(), e);
    } catch (YAMLException e) {
      throw new ContainerException(file + ": " + e.getMessage(), e);
    }
    if (!(root instanceof Map<?, ?> top) || !(top.get("sets") instanceof Map<?, ?> raw)) {
      throw new ContainerException(file + ": expected a top-level 'sets:' map");
    }
    Map<String, BundleSet> sets = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : raw.entrySet()) {
      String name = String.valueOf(e.getKey());
      if (!(e.getValue() instanceof Map<?, ?> body)
          || !(body.get("bundles") instanceof List<?> b)) {
        throw new ContainerException(file + ": set '" + name + "' needs a 'bundles:' list");
      }
      List<String> bundles = new ArrayList<>();
      b.forEach(x -> bundles.add(String.valueOf(x)));
      Map<String, String> slots = new LinkedHashMap<>();
      if (body.get("slots") instanceof Map<?, ?> pins) {
        for (Map.Entry<?, ?> pin : pins.entrySet()) {
          String slot = String.valueOf(pin.getKey());
          if (Slots.byId(slot) == null) {
            throw new ContainerException(file + ": set '" + name + "' pins unknown slot " + slot);
          }
          slots.put(slot, String.valueOf(pin.getValue()));
        }
      }
      Object description = body.get("description");
      sets.put(
          name,
          new BundleSet(name, description == null ? "" : description.toString(), bundles, slots));
    }
    return new BundleSets(file, sets);
  }

  /** The set with this name, or {@code null}. */
  public BundleSet find(String name) {
    return sets.get(name);
  }

  public BundleSet get(String name) {
    BundleSet s = sets.get(name);
    if (s == null) {
      throw new ContainerException(
          "unknown bundle set '"
              + name
              + "' ("
              + file
              + " defines: "
              + String.join(", ", names())
              + ")");
    }
    return s;
  }

  public List<String> names() {
    return List.copyOf(sets.keySet());
  }
}
