package org.kmodel.thp.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.kmodel.api.knob.Errno;
import org.kmodel.api.knob.Knob;
import org.kmodel.api.knob.KnobException;
import org.kmodel.testkit.fake.FakePluginContext;
import org.kmodel.testkit.fake.Geometries;

/** {@code cat} and {@code echo >} on /sys/kernel/mm/transparent_hugepage/. */
class ThpSysfsTest {
  private static final String THP = "/sys/kernel/mm/transparent_hugepage/";

  private FakePluginContext kernel;

  @BeforeEach
  void boot() {
    kernel = new FakePluginContext(Geometries.x86_64());
    new LinuxThpPolicy().attach(kernel);
  }

  @Test
  void defaultsReadAsOnX86_64() {
    Map<String, String> expected = new LinkedHashMap<>();
    expected.put(THP + "defrag", "always defer defer+madvise [madvise] never");
    expected.put(THP + "enabled", "[always] madvise never");
    expected.put(THP + "hpage_pmd_size", "2097152");
    for (String kb : List.of("1024", "128", "16", "256", "32", "512", "64")) {
      expected.put(THP + "hugepages-" + kb + "kB/enabled", "always inherit madvise [never]");
    }
    expected.put(THP + "hugepages-2048kB/enabled", "always [inherit] madvise never");
    expected.put(THP + "khugepaged/alloc_sleep_millisecs", "60000");
    expected.put(THP + "khugepaged/defrag", "1");
    expected.put(THP + "khugepaged/max_ptes_none", "511");
    expected.put(THP + "khugepaged/max_ptes_shared", "256");
    expected.put(THP + "khugepaged/max_ptes_swap", "64");
    expected.put(THP + "khugepaged/pages_to_scan", "4096");
    expected.put(THP + "khugepaged/scan_sleep_millisecs", "10000");
    expected.put(THP + "use_zero_page", "1");
    expected.put(THP + "shrink_underused", "1");

    Map<String, String> actual = new LinkedHashMap<>();
    for (Knob knob : kernel.knobs().all()) {
      actual.put(knob.path(), knob.read());
    }
    assertEquals(expected, actual);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "enabled       | madvise       | always [madvise] never",
        "enabled       | never         | always madvise [never]",
        "enabled       | '  always\n'  | [always] madvise never",
        "defrag        | defer+madvise | always defer [defer+madvise] madvise never",
        "defrag        | always        | [always] defer defer+madvise madvise never",
        "use_zero_page | 0             | 0",
        "shrink_underused | 0          | 0",
        "khugepaged/max_ptes_none        | 0          | 0",
        "khugepaged/max_ptes_none        | 511        | 511",
        "khugepaged/pages_to_scan        | 1          | 1",
        "khugepaged/scan_sleep_millisecs | 4294967295 | 4294967295",
        "khugepaged/defrag               | 0          | 0",
      })
  void acceptedWritesReadBack(String file, String written, String read) throws KnobException {
    kernel.knobs().find(THP + file).write(written);
    assertEquals(read, kernel.cat(THP + file));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "enabled                          | sometimes",
        "enabled                          | Always",
        "enabled                          | ''",
        "defrag                           | defer madvise",
        "use_zero_page                    | 2",
        "shrink_underused                 | 2",
        "khugepaged/max_ptes_none         | 512",
        "khugepaged/max_ptes_swap         | 512",
        "khugepaged/max_ptes_shared       | -1",
        "khugepaged/pages_to_scan         | 0",
        "khugepaged/pages_to_scan         | abc",
        "khugepaged/scan_sleep_millisecs  | 4294967296",
        "khugepaged/alloc_sleep_millisecs | 1.5",
        "khugepaged/defrag                | 2",
      })
  void rejectedWritesAreEinvalAndChangeNothing(String file, String written) {
    Knob knob = kernel.knobs().find(THP + file);
    String before = knob.read();
    KnobException e = assertThrows(KnobException.class, () -> knob.write(written));
    assertEquals(Errno.EINVAL, e.errno());
    assertEquals(before, knob.read());
  }

  @Test
  void hpagePmdSizeIsReadOnly() {
    KnobException e =
        assertThrows(
            KnobException.class, () -> kernel.knobs().find(THP + "hpage_pmd_size").write("4096"));
    assertEquals(Errno.EPERM, e.errno());
  }

  @Test
  void limitsFollowThePmdSizeOfTheArchitecture() throws KnobException {
    FakePluginContext arm64 = new FakePluginContext(Arm64Geometry.with64KiBPages());
    new LinuxThpPolicy().attach(arm64);
    assertEquals("536870912", arm64.cat(THP + "hpage_pmd_size"));
    assertEquals("8191", arm64.cat(THP + "khugepaged/max_ptes_none"));
    assertEquals("1024", arm64.cat(THP + "khugepaged/max_ptes_swap"));
    assertEquals("4096", arm64.cat(THP + "khugepaged/max_ptes_shared"));
    assertEquals("65536", arm64.cat(THP + "khugepaged/pages_to_scan"));
    arm64.knobs().find(THP + "khugepaged/max_ptes_none").write("8191");
    assertThrows(
        KnobException.class,
        () -> arm64.knobs().find(THP + "khugepaged/max_ptes_none").write("8192"));
  }

  @Test
  void theKernelsOwnKhugepagedCountersAreNotThePolicys() {
    assertEquals(null, kernel.knobs().find(THP + "khugepaged/pages_collapsed"));
    assertEquals(null, kernel.knobs().find(THP + "khugepaged/full_scans"));
    assertEquals(
        List.of(
            "thp_scan_exceed_none_pte",
            "thp_scan_exceed_swap_pte",
            "thp_scan_exceed_share_pte",
            "thp_underused_split_page"),
        kernel.counters().all().stream().map(c -> c.name()).toList(),
        "the policy counts only what its collapse rules refuse and its shrinker splits");
  }
}
