package org.kmodel.container.cli;

import org.kmodel.container.Versions;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;

/** {@code kmodel}: the top-level command. */
@Command(
    name = "kmodel",
    mixinStandardHelpOptions = true,
    versionProvider = KmodelCommand.Version.class,
    description = "A runnable model of the Linux memory manager and a Btrfs-like filesystem.",
    subcommands = {
      RunCommand.class,
      CompareCommand.class,
      ExploreCommand.class,
      BundlesCommand.class
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:every expectation held",
      "1:an expectation failed or the model found a violation",
      "2:bad input (the message names file:line:column)"
    })
final class KmodelCommand implements Runnable {

  @Override
  public void run() {
    new picocli.CommandLine(this).usage(System.out);
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
