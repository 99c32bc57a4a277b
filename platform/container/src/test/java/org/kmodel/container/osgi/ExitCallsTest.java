package org.kmodel.container.osgi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.Test;

class ExitCallsTest {
  static final class CallsSystemExit {
    void run() {
      System.exit(3);
    }
  }

  static final class CallsRuntimeExitAndHalt {
    void run() {
      Runtime.getRuntime().exit(1);
      Runtime.getRuntime().halt(1);
    }
  }

  static final class ReferencesExitAsAMethod {
    IntConsumer exit() {
      return System::exit;
    }
  }

  static final class ExitsByReflection {
    void run() throws ReflectiveOperationException {
      System.class.getMethod("exit", int.class).invoke(null, 0);
    }
  }

  static final class HaltsThroughAMethodHandle {
    void run() throws Throwable {
      java.lang.invoke.MethodHandles.lookup()
          .findVirtual(
              Runtime.class, "halt", java.lang.invoke.MethodType.methodType(void.class, int.class))
          .invoke(Runtime.getRuntime(), 0);
    }
  }

  static final class LooksUpOtherMethods {
    Object run() throws ReflectiveOperationException {
      return String.class.getMethod("length").invoke("exit code");
    }
  }

  static final class Harmless {
    long run() {
      return Runtime.getRuntime().totalMemory() + System.nanoTime();
    }
  }

  private static byte[] classFile(Class<?> c) throws IOException {
    String name = c.getName().substring(c.getName().lastIndexOf('.') + 1) + ".class";
    try (InputStream in = c.getResourceAsStream(name)) {
      return in.readAllBytes();
    }
  }

  @Test
  void systemExitIsFound() throws IOException {
    assertEquals(List.of("java.lang.System.exit"), ExitCalls.in(classFile(CallsSystemExit.class)));
  }

  @Test
  void runtimeExitAndHaltAreFound() throws IOException {
    assertEquals(
        List.of("java.lang.Runtime.exit", "java.lang.Runtime.halt"),
        ExitCalls.in(classFile(CallsRuntimeExitAndHalt.class)).stream().sorted().toList());
  }

  @Test
  void aMethodReferenceToExitIsFound() throws IOException {
    assertEquals(
        List.of("java.lang.System.exit"), ExitCalls.in(classFile(ReferencesExitAsAMethod.class)));
  }

  @Test
  void exitLookedUpByReflectionIsFound() throws IOException {
    assertEquals(
        List.of("java.lang.Class.getMethod(\"exit\")"),
        ExitCalls.in(classFile(ExitsByReflection.class)));
  }

  @Test
  void haltLookedUpAsAMethodHandleIsFound() throws IOException {
    assertEquals(
        List.of("java.lang.invoke.MethodHandles$Lookup.findVirtual(\"halt\")"),
        ExitCalls.in(classFile(HaltsThroughAMethodHandle.class)));
  }

  @Test
  void reflectionOnOtherNamesIsAllowed() throws IOException {
    assertEquals(List.of(), ExitCalls.in(classFile(LooksUpOtherMethods.class)));
  }

  @Test
  void otherCallsOnSystemAndRuntimeAreAllowed() throws IOException {
    assertEquals(List.of(), ExitCalls.in(classFile(Harmless.class)));
  }

  @Test
  void bytesThatAreNotAClassFileAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> ExitCalls.in(new byte[] {1, 2, 3, 4}));
    byte[] truncated = new byte[] {(byte) 0xCA, (byte) 0xFE, (byte) 0xBA, (byte) 0xBE, 0, 0};
    assertThrows(IllegalArgumentException.class, () -> ExitCalls.in(truncated));
  }
}
