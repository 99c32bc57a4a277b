package org.kmodel.kernel.scenario.parse;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.kmodel.kernel.scenario.model.BundleSelection;
import org.kmodel.kernel.scenario.model.Expect;
import org.kmodel.kernel.scenario.model.Expectation;
import org.kmodel.kernel.scenario.model.KnobWrite;
import org.kmodel.kernel.scenario.model.Machine;
import org.kmodel.kernel.scenario.model.Scenario;
import org.kmodel.kernel.scenario.model.Step;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/** Reads the top level of a composed scenario document into a {@link Scenario}. */
final class ScenarioReader {

  private static final List<String> KEYS =
      List.of(
          "name",
          "description?",
          "seed?",
          "bundles?",
          "slots?",
          "machine?",
          "boot?",
          "knobs?",
          "steps",
          "always?");

  private final Diagnostics diag;
  private final List<? extends OpSyntax> ops;

  ScenarioReader(Diagnostics diag, List<? extends OpSyntax> ops) {
    this.diag = diag;
    this.ops = ops;
  }

  /** Reads the scenario; null when a problem was found (the diagnostics say which). */
  Scenario read(Node root) {
    int problems = diag.count();
    Args top = Args.read(diag, root, root, "top-level key", "", null, KEYS);
    String name = top.text("name");
    if (name != null && name.isBlank()) {
      top.report("name", "'name' must not be empty");
    }
    String description = optional(top, "description");
    Long seed = top.integer("seed");
    BundleSelection bundles = bundles(root, top.node("bundles"));
    Map<String, String> slots = slots(top.node("slots"));
    Node machineKey = top.has("machine") ? top.keyNode("machine") : root;
    Machine machine = new MachineParser(diag).parse(machineKey, top.node("machine"));
    String boot = optional(top, "boot");
    List<KnobWrite> knobs = knobs(top.node("knobs"));
    StepParser stepParser = new StepParser(diag, ops);
    List<Step> steps = top.has("steps") ? stepParser.parse(top.node("steps")) : null;
    List<Expectation> always = always(top, stepParser);
    if (diag.count() > problems) {
      return null;
    }
    return new Scenario(
        name,
        description,
        seed == null ? 0 : seed,
        bundles,
        slots,
        machine,
        boot,
        knobs,
        steps,
        diag.file(),
        diag.sites(),
        always);
  }

  /**
   * {@code always: {metric: value, ...}}: written as an {@code expect}, read after the steps so
   * that it may name every file and process the steps make; empty when absent.
   */
  private List<Expectation> always(Args top, StepParser stepParser) {
    if (!top.has("always")) {
      return List.of();
    }
    Node key = top.keyNode("always");
    Node value = top.node("always");
    if (value instanceof MappingNode m && m.getValue().isEmpty() || Values.isNull(value)) {
      diag.report(key, "always needs at least one metric, e.g. always: {fs.unmapped_io: 0}");
      return List.of();
    }
    OpSyntax expect = ops.stream().filter(o -> o.name().equals("expect")).findFirst().orElse(null);
    if (expect == null) {
      diag.report(key, "always is not available: this parser has no expect op");
      return List.of();
    }
    return expect.parse(stepParser.input(key, value)) instanceof Expect e
        ? e.expectations()
        : List.of();
  }

  /** An optional text; empty when absent or written empty. */
  private String optional(Args top, String key) {
    return top.has(key) && !Values.isNull(top.node(key)) ? top.text(key) : "";
  }

  private BundleSelection bundles(Node root, Node node) {
    if (node == null) {
      return BundleSelection.ofSet(BundleSelection.DEFAULT_SET, diag.at(root));
    }
    if (node instanceof ScalarNode && !Values.isNull(node)) {
      String set = Values.text(diag, node, "bundles", "");
      return BundleSelection.ofSet(set, diag.at(node));
    }
    if (node instanceof SequenceNode sequence && !sequence.getValue().isEmpty()) {
      List<String> names = new ArrayList<>();
      for (Node item : sequence.getValue()) {
        String bundle = Values.text(diag, item, "bundle", " in bundles");
        if (bundle != null && names.contains(bundle)) {
          diag.report(item, "bundle '" + bundle + "' is listed twice");
        } else if (bundle != null) {
          names.add(bundle);
        }
      }
      return BundleSelection.ofBundles(names, diag.at(node));
    }
    diag.report(
        node,
        "expected a bundle-set name (e.g. default) or a list of bundle names for bundles, not "
            + Values.describe(node));
    return null;
  }

  private Map<String, String> slots(Node node) {
    Map<String, String> slots = new LinkedHashMap<>();
    if (node == null || Values.isNull(node)) {
      return slots;
    }
    Args a = Args.read(diag, node, node, "slot", " in slots", null, optional(Scenario.SLOT_IDS));
    for (String slot : a.names()) {
      slots.put(slot, a.text(slot));
    }
    return slots;
  }

  private List<KnobWrite> knobs(Node node) {
    return node == null || Values.isNull(node) ? List.of() : Knobs.read(diag, node, " in knobs");
  }

  private static List<String> optional(List<String> names) {
    return names.stream().map(name -> name + "?").toList();
  }
}
