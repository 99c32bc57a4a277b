package org.kmodel.container.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ExitGuardTest {
  private static StackTraceElement frame(String cls, String method) {
    return new StackTraceElement(cls, method, null, -1);
  }

  private static final StackTraceElement[] IDLE = {
    frame("java.lang.Object", "wait"), frame("org.apache.felix.framework.EventDispatcher", "run")
  };

  @Test
  void aPluginCallingSystemExitIsNamed() {
    StackTraceElement[] exiting = {
      frame("java.lang.Shutdown", "exit"),
      frame("java.lang.Runtime", "exit"),
      frame("java.lang.System", "exit"),
      frame("com.example.Evil", "start"),
      frame("org.apache.felix.framework.Felix", "activateBundle")
    };
    assertEquals(
        "class com.example.Evil (method start)",
        ExitGuard.exitCaller(Map.of(new Thread(), IDLE, Thread.currentThread(), exiting)));
  }

  @Test
  void anExitThroughReflectionNamesTheReflectingClass() {
    StackTraceElement[] exiting = {
      frame("java.lang.Shutdown", "exit"),
      frame("java.lang.Runtime", "exit"),
      frame("java.lang.System", "exit"),
      frame("jdk.internal.reflect.DirectMethodHandleAccessor", "invoke"),
      frame("java.lang.reflect.Method", "invoke"),
      frame("com.example.Sneaky", "start")
    };
    assertEquals(
        "class com.example.Sneaky (method start)",
        ExitGuard.exitCaller(Map.of(Thread.currentThread(), exiting)));
  }

  @Test
  void aSignalOrTheEndOfMainIsNotAPluginExit() {
    StackTraceElement[] signal = {
      frame("java.lang.Shutdown", "exit"),
      frame("java.lang.Terminator$1", "handle"),
      frame("jdk.internal.misc.Signal$1", "run")
    };
    assertNull(ExitGuard.exitCaller(Map.of(Thread.currentThread(), signal)));
    assertNull(ExitGuard.exitCaller(Map.of(Thread.currentThread(), IDLE)));
  }
}
