package org.kmodel.api.knob;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * One file of the sysfs-like knob tree. Reads and writes happen on the simulation thread, between
 * steps, so a policy may read its knob fields on its hot path without synchronisation.
 */
@ConsumerType
public interface Knob {

  /** The absolute path, e.g. {@code /sys/kernel/mm/transparent_hugepage/enabled}. */
  String path();

  /** The file's content as {@code cat} prints it, without the trailing newline. */
  String read();

  /**
   * The value a scenario's {@code knob.<path>} metric compares against: the active word of a choice
   * knob, the number of a numeric knob. Defaults to {@link #read()}.
   */
  default String value() {
    return read();
  }

  /**
   * Writes the file as {@code echo value > path} would (surrounding whitespace ignored).
   *
   * @throws KnobException with {@link Errno#EINVAL} for a value the kernel rejects, {@link
   *     Errno#EPERM} for a read-only file
   */
  void write(String value) throws KnobException;
}
