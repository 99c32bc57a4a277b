package org.kmodel.container.osgi;

import org.apache.felix.framework.Logger;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;
import org.slf4j.LoggerFactory;

/**
 * Routes the framework's own log to SLF4J at DEBUG: resolver dumps are not shown to users; the
 * container reports failures itself, naming the bundle and the missing package.
 */
final class SLF4JFelixLogger extends Logger {
  private static final org.slf4j.Logger LOG = LoggerFactory.getLogger("org.kmodel.felix");

  @Override
  protected void doLog(
      Bundle bundle, ServiceReference sr, int level, String msg, Throwable throwable) {
    if (LOG.isDebugEnabled()) {
      LOG.debug("{}{}", bundle == null ? "" : bundle.getSymbolicName() + ": ", msg, throwable);
    }
  }

  @Override
  protected void doLog(int level, String msg, Throwable throwable) {
    if (LOG.isDebugEnabled()) {
      LOG.debug(msg, throwable);
    }
  }
}
