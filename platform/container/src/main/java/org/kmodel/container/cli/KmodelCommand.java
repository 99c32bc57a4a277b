package org.kmodel.container.cli;

import org.kmodel.container.Versions;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code kmodel}: the top-level command; {@link Main} adds its subcommands. */
@Command(
    name = "kmodel",
    mixinStandardHelpOptions = true,
    versionProvider = KmodelCommand.Version.class,
    description = "A runnable model of the Linux memory manager and a Btrfs-like filesystem.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:every expectation held",
      "1:an expectation failed or the model found a violation",
      "2:bad input (the message names file:line:column)"
    })
final class KmodelCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  static final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {
        "kmodel " + Versions.kmodel(),
        "Java "
            + System.getProperty("java.version")
            + " ("
            + System.getProperty("java.vm.name")
            + ")"
      };
    }
  }
}
