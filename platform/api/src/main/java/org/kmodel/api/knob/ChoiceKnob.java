package org.kmodel.api.knob;

import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * A knob that holds one word out of a fixed list and prints all of them with the active one
 * bracketed, e.g. {@code always [madvise] never}. Writing a word not in the list is EINVAL.
 */
@ProviderType
public final class ChoiceKnob implements Knob {
  private final String path;
  private final List<String> choices;
  private int active;

  public ChoiceKnob(String path, List<String> choices, String initial) {
    this.path = path;
    this.choices = List.copyOf(choices);
    this.active = indexOf(initial);
    if (active < 0) {
      throw new IllegalArgumentException(initial + " is not one of " + choices);
    }
  }

  @Override
  public String path() {
    return path;
  }

  /** The active word. */
  public String get() {
    return choices.get(active);
  }

  /** The active word's position in the list; a cheap field read for hot paths. */
  public int index() {
    return active;
  }

  /** Sets the active word directly, e.g. from a boot parameter; false when it is not a choice. */
  public boolean set(String word) {
    int i = indexOf(word);
    if (i < 0) {
      return false;
    }
    active = i;
    return true;
  }

  @Override
  public String read() {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < choices.size(); i++) {
      if (i > 0) {
        sb.append(' ');
      }
      sb.append(i == active ? "[" + choices.get(i) + "]" : choices.get(i));
    }
    return sb.toString();
  }

  @Override
  public String value() {
    return get();
  }

  @Override
  public void write(String value) throws KnobException {
    if (!set(value.strip())) {
      throw new KnobException(
          Errno.EINVAL, "'" + value.strip() + "' is not one of " + String.join(", ", choices));
    }
  }

  private int indexOf(String word) {
    return choices.indexOf(word);
  }
}
