package org.kmodel.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs every file of {@code src/it/bad-inputs} through the real command and holds it to the
 * expectation in its header (see the README.md there): the exit code, the message, a short stderr
 * with no stack trace, and no line quoting more than 80 characters of the input.
 */
class BadInputCorpusIT {
  private static final Path CORPUS =
      Path.of(System.getProperty("basedir", "."), "src", "it", "bad-inputs");
  private static final Pattern EXPECT = Pattern.compile("^# expect: exit (\\d+)$");
  private static final Pattern MESSAGE = Pattern.compile("^# message: (.+)$");
  private static final Pattern PAD = Pattern.compile("^# pad: (\\d+)M$");
  private static final int QUOTE_LIMIT = 80;
  private static final int MAX_ERROR_LINES = 12;

  @TempDir Path scratch;

  @TestFactory
  Stream<DynamicTest> everyBadInputIsRefusedInAFewLines() throws IOException {
    List<Path> files;
    try (Stream<Path> list = Files.list(CORPUS)) {
      files = list.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
    }
    assertTrue(files.size() >= 60, "the corpus has " + files.size() + " files");
    return files.stream()
        .map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> check(f)));
  }

  private void check(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    String header = new String(bytes, StandardCharsets.ISO_8859_1);
    Integer exit = null;
    List<String> messages = new ArrayList<>();
    int padMegabytes = 0;
    boolean headless = false;
    int headerBytes = 0;
    for (String line : header.split("\n")) {
      if (!line.startsWith("#")) {
        break;
      }
      headerBytes += line.length() + 1;
      Matcher m;
      if (line.equals("# headless")) {
        headless = true;
      } else if ((m = EXPECT.matcher(line)).matches()) {
        exit = Integer.parseInt(m.group(1));
      } else if ((m = MESSAGE.matcher(line)).matches()) {
        messages.add(
            new String(m.group(1).getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8));
      } else if ((m = PAD.matcher(line)).matches()) {
        padMegabytes = Integer.parseInt(m.group(1));
      }
    }
    assertTrue(exit != null && !messages.isEmpty(), file + " has no '# expect:' or '# message:'");

    Path run = file;
    if (headless || padMegabytes > 0) {
      run = scratch.resolve(file.getFileName());
      Files.write(run, headless ? Arrays.copyOfRange(bytes, headerBytes, bytes.length) : bytes);
    }
    if (padMegabytes > 0) {
      Files.writeString(
          run, "# " + "x".repeat(padMegabytes << 20) + "\n", StandardOpenOption.APPEND);
    }
    byte[] all = Files.readAllBytes(run);
    byte[] input = headless ? all : Arrays.copyOfRange(all, headerBytes, all.length);
    Cli r = Cli.run("run", "--no-deploy", run.toString());
    String err = r.err();
    String output = r.out() + err;

    assertEquals(exit, r.exitCode(), err);
    // Bad input is refused on stderr; a failed run says why in its report.
    String said = exit == 2 ? err : output;
    for (String message : messages) {
      String expected = message.replace("{file}", run.toString());
      assertTrue(said.contains(expected), "the output lacks '" + expected + "':\n" + output);
    }
    String[] lines = err.strip().split("\n");
    assertTrue(lines.length <= MAX_ERROR_LINES, lines.length + " lines on stderr:\n" + err);
    assertFalse(output.contains("\tat org.") || output.contains("Exception"), output);
    for (int i = 0; i < output.length(); i++) {
      char c = output.charAt(i);
      assertFalse(
          (c < 0x20 && c != '\n' && c != '\t') || (c >= 0x7f && c <= 0x9f) || isBidi(c),
          String.format("U+%04X reached the output at %d:%n%s", (int) c, i, output));
    }
    String quoted = longestQuote(new String(input, StandardCharsets.UTF_8), output);
    assertTrue(quoted == null, "output quotes over " + QUOTE_LIMIT + " characters: " + quoted);
  }

  private static boolean isBidi(char c) {
    return (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);
  }

  /**
   * A run of more than {@link #QUOTE_LIMIT} characters of the input that appears in the output, or
   * null: every such window of the output is looked up as the input is scanned once, so a megabyte
   * of input costs one pass.
   */
  private static String longestQuote(String input, String output) {
    int w = QUOTE_LIMIT + 1;
    Set<String> windows = new HashSet<>();
    for (int i = 0; i + w <= output.length(); i++) {
      windows.add(output.substring(i, i + w));
    }
    for (int i = 0; i + w <= input.length() && !windows.isEmpty(); i++) {
      String window = input.substring(i, i + w);
      if (windows.contains(window)) {
        return window;
      }
    }
    return null;
  }
}
