package org.kmodel.container.cli;

import java.util.Map;

/**
 * The last line of defence against a plugin that ends the JVM. The weaving hook refuses classes
 * that name {@code System.exit}, {@code Runtime.exit} or {@code Runtime.halt}, or look them up by a
 * constant name; a name built at run time gets past it. A shutdown hook then finds the thread that
 * called {@code exit}: when neither the launcher nor a signal did, it says which class did and ends
 * the process with status 1 (a failed operation) instead of the plugin's status, so the run cannot
 * pass for a success. The run's results are lost by then: the JVM is already shutting down, as a
 * Java 17 program cannot veto an exit without the deprecated security manager.
 */
final class ExitGuard {
  /** The status a run ended by a plugin exits with. */
  static final int STATUS = 1;

  private static volatile boolean launcherExits;

  private ExitGuard() {}

  /** Watches every exit from now on. */
  static void install() {
    Runtime.getRuntime().addShutdownHook(new Thread(ExitGuard::onShutdown, "kmodel-exit-guard"));
  }

  /** The launcher's own exit. */
  static void exit(int status) {
    launcherExits = true;
    System.exit(status);
  }

  private static void onShutdown() {
    if (launcherExits) {
      return;
    }
    String caller = exitCaller(Thread.getAllStackTraces());
    if (caller != null) {
      System.out.flush();
      System.err.println(
          "kmodel: "
              + caller
              + " ended the process during the run; a plugin may not end the model (exit "
              + STATUS
              + ")");
      System.err.flush();
      Runtime.getRuntime().halt(STATUS);
    }
  }

  /**
   * Who called {@code Runtime.exit}, directly or through {@code System.exit}, reflection or a
   * method handle, as {@code class C (method m)}; {@code null} when no thread is exiting (main
   * returned) or a signal started the shutdown.
   */
  static String exitCaller(Map<Thread, StackTraceElement[]> stacks) {
    for (StackTraceElement[] stack : stacks.values()) {
      int i = 0;
      while (i < stack.length && !isShutdownExit(stack[i])) {
        i++;
      }
      if (i == stack.length) {
        continue;
      }
      while (i < stack.length && isMachinery(stack[i].getClassName())) {
        i++;
      }
      if (i == stack.length || stack[i].getClassName().startsWith("java.lang.Terminator")) {
        return null;
      }
      return "class " + stack[i].getClassName() + " (method " + stack[i].getMethodName() + ")";
    }
    return null;
  }

  private static boolean isShutdownExit(StackTraceElement frame) {
    return frame.getClassName().equals("java.lang.Shutdown")
        && frame.getMethodName().equals("exit");
  }

  /** Frames between the caller and the exit: the exit itself, reflection, method handles. */
  private static boolean isMachinery(String className) {
    return className.equals("java.lang.Shutdown")
        || className.equals("java.lang.Runtime")
        || className.equals("java.lang.System")
        || className.startsWith("java.lang.reflect.")
        || className.startsWith("java.lang.invoke.")
        || className.startsWith("jdk.internal.reflect.");
  }
}
