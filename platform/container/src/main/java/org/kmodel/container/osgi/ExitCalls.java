package org.kmodel.container.osgi;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the calls that would end the whole JVM in one class file: method references to {@code
 * System.exit}, {@code Runtime.exit} and {@code Runtime.halt} in its constant pool (JVMS 4.4).
 * Every call site, method reference ({@code System::exit}) and method handle constant goes through
 * a {@code CONSTANT_Methodref}, so reading the pool alone finds them all without decoding code.
 * Also found: a lookup by name ({@code Class.getMethod}, {@code MethodHandles.Lookup.findStatic} or
 * {@code findVirtual}) in a class holding the string {@code "exit"} or {@code "halt"}.
 *
 * <p>Written against the class file format rather than with a bytecode library: the pool's layout
 * has not changed since Java 11 added its last tags, the check needs nothing else, and the launcher
 * gains no dependency that a newer class file version could break.
 */
final class ExitCalls {
  private static final int UTF8 = 1;
  private static final int INTEGER = 3;
  private static final int FLOAT = 4;
  private static final int LONG = 5;
  private static final int DOUBLE = 6;
  private static final int CLASS = 7;
  private static final int STRING = 8;
  private static final int FIELDREF = 9;
  private static final int METHODREF = 10;
  private static final int INTERFACE_METHODREF = 11;
  private static final int NAME_AND_TYPE = 12;
  private static final int METHOD_HANDLE = 15;
  private static final int METHOD_TYPE = 16;
  private static final int DYNAMIC = 17;
  private static final int INVOKE_DYNAMIC = 18;
  private static final int MODULE = 19;
  private static final int PACKAGE = 20;

  private ExitCalls() {}

  /**
   * The forbidden calls {@code classFile} references, as {@code java.lang.System.exit}, in pool
   * order, each once.
   *
   * @throws IllegalArgumentException if the bytes are not a class file this reader understands
   */
  static List<String> in(byte[] classFile) {
    try {
      return scan(new DataInputStream(new ByteArrayInputStream(classFile)));
    } catch (IOException e) {
      throw new IllegalArgumentException("truncated class file", e);
    }
  }

  private static List<String> scan(DataInputStream in) throws IOException {
    if (in.readInt() != 0xCAFEBABE) {
      throw new IllegalArgumentException("not a class file");
    }
    in.readUnsignedShort();
    in.readUnsignedShort();
    int count = in.readUnsignedShort();
    int[] tags = new int[count];
    int[] first = new int[count];
    int[] second = new int[count];
    String[] utf8 = new String[count];
    for (int i = 1; i < count; i++) {
      int tag = in.readUnsignedByte();
      tags[i] = tag;
      switch (tag) {
        case UTF8 -> utf8[i] = in.readUTF();
        case INTEGER, FLOAT -> in.readInt();
        case LONG, DOUBLE -> {
          in.readLong();
          i++;
        }
        case CLASS, STRING, METHOD_TYPE, MODULE, PACKAGE -> first[i] = in.readUnsignedShort();
        case FIELDREF, METHODREF, INTERFACE_METHODREF, NAME_AND_TYPE, DYNAMIC, INVOKE_DYNAMIC -> {
          first[i] = in.readUnsignedShort();
          second[i] = in.readUnsignedShort();
        }
        case METHOD_HANDLE -> {
          in.readUnsignedByte();
          first[i] = in.readUnsignedShort();
        }
        default ->
            throw new IllegalArgumentException(
                "unknown constant pool tag " + tag + " at entry " + i);
      }
    }
    List<String> found = new ArrayList<>();
    String lookup = null;
    for (int i = 1; i < count; i++) {
      if (tags[i] != METHODREF && tags[i] != INTERFACE_METHODREF) {
        continue;
      }
      String owner = utf8At(utf8, tags, first, first[i], CLASS);
      String name = utf8At(utf8, tags, first, second[i], NAME_AND_TYPE);
      String call = forbidden(owner, name);
      if (call != null && !found.contains(call)) {
        found.add(call);
      }
      if (lookup == null && reflective(owner, name)) {
        lookup = owner.replace('/', '.') + "." + name;
      }
    }
    if (lookup != null) {
      for (int i = 1; i < count; i++) {
        if (tags[i] == STRING) {
          String text = utf8At(utf8, tags, first, i, STRING);
          if (text.equals("exit") || text.equals("halt")) {
            String call = lookup + "(\"" + text + "\")";
            if (!found.contains(call)) {
              found.add(call);
            }
          }
        }
      }
    }
    return found;
  }

  /**
   * A lookup of a method by name: with the string constant {@code "exit"} or {@code "halt"} in the
   * same class it reaches the calls above by reflection or a method handle. A name built at run
   * time escapes this check; the launcher's exit guard catches the call itself.
   */
  private static boolean reflective(String owner, String name) {
    return owner.equals("java/lang/Class")
            && (name.equals("getMethod") || name.equals("getDeclaredMethod"))
        || owner.equals("java/lang/invoke/MethodHandles$Lookup")
            && (name.equals("findStatic") || name.equals("findVirtual"));
  }

  /** The UTF-8 entry that entry {@code index} (of kind {@code tag}) names first. */
  private static String utf8At(String[] utf8, int[] tags, int[] first, int index, int tag) {
    if (index <= 0 || index >= tags.length || tags[index] != tag) {
      throw new IllegalArgumentException("malformed constant pool entry " + index);
    }
    int u = first[index];
    if (u <= 0 || u >= tags.length || tags[u] != UTF8) {
      throw new IllegalArgumentException("malformed constant pool entry " + index);
    }
    return utf8[u];
  }

  private static String forbidden(String owner, String name) {
    boolean exit =
        owner.equals("java/lang/System") && name.equals("exit")
            || owner.equals("java/lang/Runtime") && (name.equals("exit") || name.equals("halt"));
    return exit ? owner.replace('/', '.') + "." + name : null;
  }
}
