package org.kmodel.api.knob;

import java.util.function.Supplier;
import org.osgi.annotation.versioning.ProviderType;

/** A knob whose content is computed on read, e.g. {@code hpage_pmd_size}. Writes are EPERM. */
@ProviderType
public final class ReadOnlyKnob implements Knob {
  private final String path;
  private final Supplier<String> content;

  public ReadOnlyKnob(String path, Supplier<String> content) {
    this.path = path;
    this.content = content;
  }

  @Override
  public String path() {
    return path;
  }

  @Override
  public String read() {
    return content.get();
  }

  @Override
  public void write(String value) throws KnobException {
    throw new KnobException(Errno.EPERM, path + " is read-only");
  }
}
