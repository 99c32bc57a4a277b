package org.kmodel.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.kmodel.container.KmodelHome;

/**
 * The seed's largepages3 table through {@code kmodel compare}: on the Westmere-class profile every
 * phase's THP/no-THP ratio lies within 10% of the one the THP core patch measured; under nested
 * paging a TLB miss costs 24, 19 and 15 references as guest and host adopt 2 MiB pages.
 */
class Largepages3CostIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ENABLED = "/sys/kernel/mm/transparent_hugepage/enabled";
  private static final String SCENARIO =
      KmodelHome.locate().scenarios().resolve("largepages3.yaml").toString();

  /** The patch's figures (µs, THP on then off), phase by phase. */
  private static final List<String> PHASES =
      List.of(
          "memset page fault",
          "memset tlb miss",
          "memset second tlb miss",
          "random access tlb miss",
          "random access second tlb miss");

  private static final double[][] SEED = {
    {1566023, 2182476}, {453854, 460305}, {453321, 460179}, {41635, 44483}, {41658, 44186}
  };

  private static JsonNode compare(String... vary) throws Exception {
    String[] args = new String[vary.length * 2 + 4];
    args[0] = "compare";
    args[1] = "--json";
    args[2] = "--no-debug-vm";
    for (int i = 0; i < vary.length; i++) {
      args[3 + 2 * i] = "--vary";
      args[4 + 2 * i] = vary[i];
    }
    args[args.length - 1] = SCENARIO;
    Cli r = Cli.run(args);
    assertEquals(0, r.exitCode(), r.err() + r.out());
    return JSON.readTree(r.out());
  }

  @Test
  void theWestmereProfileGivesTheSeedsRatiosWithinTenPercent() throws Exception {
    JsonNode variants = compare(ENABLED + "=never,always").get("variants");
    assertEquals("westmere", variants.get(1).get("cpu").asText());
    JsonNode thp = variants.get(1).get("phases");
    for (int i = 0; i < PHASES.size(); i++) {
      assertEquals(PHASES.get(i), thp.get(i).get("name").asText());
      double model = thp.get(i).get("ratio").asDouble();
      double seed = SEED[i][0] / SEED[i][1];
      assertTrue(
          Math.abs(model / seed - 1) <= 0.10,
          PHASES.get(i) + ": model " + model + ", seed " + seed);
    }
    JsonNode fault = thp.get(0).get("costs");
    assertEquals(1536, fault.get("faults_huge").asLong());
    JsonNode baseFault = variants.get(0).get("phases").get(0).get("costs");
    assertEquals(786432, baseFault.get("faults_base").asLong());
    assertEquals(786432, baseFault.get("tlb_l2_misses").asLong());
  }

  @Test
  void nestedWalksTake24Then19Then15References() throws Exception {
    JsonNode variants =
        compare("machine.nested.host_pages=4K,2M", ENABLED + "=never,always").get("variants");
    double[] expected = {24, 19, 19, 15};
    for (int v = 0; v < 4; v++) {
      JsonNode tlbPhase = variants.get(v).get("phases").get(1).get("costs");
      assertEquals(
          expected[v],
          tlbPhase.get("walk_refs_per_miss").asDouble(),
          variants.get(v).get("name").asText());
    }
    JsonNode splintered = variants.get(1).get("phases").get(1).get("costs");
    assertEquals(
        786432, splintered.get("tlb_l2_misses").asLong(), "2M guest pages on 4K host pages");
  }
}
